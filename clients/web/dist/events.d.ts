/** A tiny typed event emitter: `on` returns the function that removes the listener. */
export declare class Emitter<Events extends Record<string, unknown>> {
    private readonly listeners;
    on<K extends keyof Events>(type: K, listener: (value: Events[K]) => void): () => void;
    protected emit<K extends keyof Events>(type: K, value: Events[K]): void;
}
/** Exponential backoff with full jitter: attempt 0 waits about `baseMs`, capped at `maxMs`. */
export declare function backoffDelay(attempt: number, baseMs: number, maxMs: number, random?: () => number): number;
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;
export declare function defaultFetch(): FetchLike;
/** Strips trailing slashes so paths can be appended. */
export declare function baseUrl(url: string): string;
