import { Emitter, type FetchLike } from "./events.js";
export type Mode = "normal" | "degraded" | "emergency";
export type Status = "healthy" | "degraded" | "unhealthy" | "unknown";
/** The frontend's names of the five services, mapped from the coordinator's health keys. */
export declare const SERVICE_KEYS: {
    readonly jwtTokenAdapter: "jwt_token_adapter";
    readonly sessionValidationNormalizer: "session_validation_normalizer";
    readonly fallbackSessionProvider: "fallback_session_provider";
    readonly websocketAuthGateway: "websocket_auth_gateway";
    readonly serviceBoundaryCoordinator: "service_boundary_coordinator";
};
export type ServiceKey = keyof typeof SERVICE_KEYS;
export interface ServiceHealth {
    status: Status;
    url: string | null;
    latencyMs: number | null;
    circuit: string | null;
    error: string | null;
}
export interface HealthState {
    /** false while the coordinator itself cannot be reached (the rest is then the last known report). */
    reachable: boolean;
    status: Status;
    mode: Mode;
    modeReason: string | null;
    checkedAt: string | null;
    services: Record<ServiceKey, ServiceHealth>;
    /** "poll" or "stream": how the last report arrived. */
    via: "poll" | "stream" | null;
}
export interface HealthOptions {
    /** The coordinator's base URL, e.g. http://127.0.0.1:8029 */
    coordinatorUrl: string;
    /** Poll interval when the report does not say (its Cache-Control max-age wins). */
    intervalMs?: number;
    /** Follow the SSE stream when EventSource exists (default true). */
    stream?: boolean;
    /** Backoff while the coordinator is unreachable. */
    backoffBaseMs?: number;
    backoffMaxMs?: number;
    fetch?: FetchLike;
    eventSource?: typeof EventSource | null;
}
type HealthEvents = {
    change: HealthState;
};
/** Reads the coordinator's integration report into the frontend's shape. */
export declare function parseReport(report: Record<string, any>, via: "poll" | "stream"): HealthState;
/**
 * Follows the coordinator's integration health: the SSE stream when the browser has EventSource
 * (falling back to polling when the stream fails), else polls with If-None-Match. While the
 * coordinator cannot be reached, polls back off exponentially and `reachable` is false.
 */
export declare class HealthMonitor extends Emitter<HealthEvents> {
    private current;
    private etag;
    private timer;
    private source;
    private failures;
    private running;
    private streamFailed;
    private readonly url;
    private readonly fetch;
    private readonly options;
    private readonly EventSourceImpl;
    private intervalMs;
    constructor(options: HealthOptions);
    get state(): HealthState;
    get mode(): Mode;
    get services(): Record<ServiceKey, ServiceHealth>;
    start(): void;
    stop(): void;
    /** One poll now; resolves with the state after it. */
    poll(): Promise<HealthState>;
    /** The delay before the next poll: the interval, or the backoff while unreachable. */
    nextDelay(): number;
    private schedule;
    private follow;
    private update;
}
export {};
