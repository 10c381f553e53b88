/** Replaces every configured secret in `text`: a provider's message may quote a key or a URL with a password. */
export function maskSecrets(secrets: readonly string[]): (text: string) => string {
  return (text) => secrets.reduce((masked, secret) => masked.split(secret).join('[secret]'), text);
}
