/**
 * A few durable strings an adapter keeps between starts (the hash of the last Discord command
 * registration), without seeing Redis: src/app hands it one under the install's key prefix.
 */
export interface RecordStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}
