import type { FetchLike } from "./events.js";
/**
 * A W3C `traceparent` that starts a new trace: random 16-byte trace id and 8-byte span id, sampled (flags 01).
 * The services join it, so one user action is one trace from the browser on.
 */
export declare function traceparent(random?: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array): string;
/** `fetch` that sends a fresh `traceparent` with every request that does not carry one already. */
export declare function traced(fetch: FetchLike): FetchLike;
