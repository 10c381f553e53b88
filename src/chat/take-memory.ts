/** A bounded memory of keys, oldest forgotten first: requests that never finish cannot grow it. */
export function createTakeMemory(maxKeys = 10_000) {
  const keys = new Set<string>();
  return {
    has: (key: string) => keys.has(key),
    remember(key: string) {
      keys.add(key);
      if (keys.size > maxKeys) keys.delete(keys.values().next().value ?? key);
    },
    forget: (key: string) => keys.delete(key),
  };
}
