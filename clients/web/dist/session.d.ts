import { Emitter, type FetchLike } from "./events.js";
export interface Tokens {
    accessToken: string;
    refreshToken: string | null;
    /** "emergency" for a token from the fallback provider (never refreshed). */
    kind: "standard" | "emergency";
}
/**
 * signed_out: no session. signed_in: the normalizer said valid. unverified: a session is held but
 * the normalizer could not tell (503 or unreachable): the user stays signed in and it retries.
 */
export type SessionStatus = "signed_out" | "signed_in" | "unverified";
export interface SessionState {
    status: SessionStatus;
    signedIn: boolean;
    identity: Record<string, unknown> | null;
    emergency: boolean;
    expiresAt: number | null;
    /** Why the last sign-out happened (the normalizer's or adapter's reason), if any. */
    reason: string | null;
}
export interface StorageLike {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
    removeItem(key: string): void;
}
export interface LockManagerLike {
    request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}
export interface ChannelLike {
    postMessage(message: unknown): void;
    addEventListener(type: "message", listener: (event: {
        data: any;
    }) => void): void;
    removeEventListener(type: "message", listener: (event: {
        data: any;
    }) => void): void;
    close(): void;
}
export interface SessionOptions {
    normalizerUrl: string;
    adapterUrl: string;
    /** Shared by the origin's tabs (default localStorage). */
    storage?: StorageLike;
    storageKey?: string;
    /** navigator.locks by default; null to use the BroadcastChannel fallback. */
    locks?: LockManagerLike | null;
    /** A BroadcastChannel named after the storage key by default; null for none. */
    channel?: ChannelLike | null;
    /** Refresh this long before the access token expires (default 60 s). */
    refreshMarginMs?: number;
    retryBaseMs?: number;
    retryMaxMs?: number;
    /** How long the BroadcastChannel fallback listens for rival claims (default 150 ms). */
    claimWindowMs?: number;
    fetch?: FetchLike;
    now?: () => number;
}
type SessionEvents = {
    change: SessionState;
    refreshed: Tokens;
    signedOut: {
        reason: string;
    };
};
/** Restores, validates and refreshes the user's session; one refresh at a time across the origin's tabs. */
export declare class SessionManager extends Emitter<SessionEvents> {
    private tokens;
    private current;
    private refreshTimer;
    private retryTimer;
    private retries;
    private inflight;
    /** The pair a peer tab announced on the channel after its refresh: shared storage may show it later than the lock does. */
    private peerPair;
    /** A peer holds the refresh lock and has not yet said how it ended. */
    private peerRefreshing;
    private peerDone;
    private disposed;
    private readonly normalizer;
    private readonly adapter;
    private readonly storage;
    private readonly key;
    private readonly locks;
    private readonly channel;
    private readonly fetch;
    private readonly now;
    private readonly margin;
    private readonly retryBase;
    private readonly retryMax;
    private readonly claimWindow;
    private readonly onChannel;
    constructor(options: SessionOptions);
    get state(): SessionState;
    get signedIn(): boolean;
    /** The access token to present, or null when signed out. */
    get accessToken(): string | null;
    /** Picks up the tokens this origin stored (another tab's, or an earlier visit's) and validates them. */
    restore(): Promise<SessionState>;
    /** Keeps these tokens (after a sign-in) for every tab of the origin, then validates them. */
    signIn(tokens: Tokens): Promise<SessionState>;
    /** Asks the normalizer. valid: signed in; valid false: signed out; 503 or no answer: kept, retried. */
    validate(): Promise<SessionState>;
    /**
     * Exchanges the refresh token at the adapter, at most once across tabs: inside the lock a tab first
     * looks at the shared storage, and adopts the pair another tab just got instead of spending its own.
     */
    refresh(): Promise<Tokens | null>;
    signOut(reason?: string): void;
    /** Stops timers and the channel (the stored session stays). */
    dispose(): void;
    /**
     * Inside the lock. The pair another tab got may reach this tab's view of localStorage after the lock
     * does (Chromium propagates storage between renderers asynchronously), so the peer also hands it over
     * on the channel, and a tab that heard a peer start a refresh waits for its outcome before spending
     * the token itself: spending a rotated refresh token is reuse, which revokes the whole family.
     */
    private refreshHolding;
    private newerPair;
    private peerOutcome;
    private spend;
    private adopt;
    /** Another tab refreshed or signed out. */
    private heard;
    private cannotTell;
    private scheduleRefresh;
    private exclusive;
    private readStored;
    private store;
    private setState;
    private clearRefresh;
    private clearRetry;
}
export declare function memoryStorage(): StorageLike;
export {};
