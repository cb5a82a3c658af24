// Tokens that must never appear in any output: unique strings the secrets test searches for.
export const CANARY_TOKENS = {
  publicToken: 'canary-public-4f1c9e7a2b',
  privateToken: 'canary-private-8d3b6a0f5e',
} as const;

export function instanceEnv(url: string, extra: Readonly<Record<string, string | number | boolean>> = {}): Record<string, string> {
  const env: Record<string, string> = {
    DARKTRACE_URL: url,
    DARKTRACE_PUBLIC_API_TOKEN: CANARY_TOKENS.publicToken,
    DARKTRACE_PRIVATE_API_TOKEN: CANARY_TOKENS.privateToken,
  };
  for (const [k, v] of Object.entries(extra)) env[`DARKTRACE_${k.toUpperCase()}`] = String(v);
  return env;
}
