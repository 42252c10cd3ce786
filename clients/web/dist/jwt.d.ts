/** Reads a JWT's claims without checking anything: only to know when to refresh. Never trust them. */
export declare function claimsOf(token: string): Record<string, unknown> | null;
/** The token's `exp` in epoch milliseconds, or null when it has none or cannot be read. */
export declare function expiresAtMs(token: string): number | null;
