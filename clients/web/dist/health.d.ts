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
/** One service's detail under the report's `services`. */
export interface ServiceReportEntry {
    status?: string;
    url?: string | null;
    latency_ms?: number | null;
    circuit?: string | null;
    error?: string | null;
    [more: string]: unknown;
}
/**
 * The coordinator's integration report as it arrives: first each service's status as a string
 * under its health key (what a frontend polling for five statuses reads), then the detail.
 */
export type IntegrationReport = {
    [K in (typeof SERVICE_KEYS)[ServiceKey]]?: Status;
} & {
    status?: string;
    mode?: string;
    mode_reason?: string | null;
    checked_at?: string | null;
    services?: Record<string, ServiceReportEntry>;
    dependencies?: Record<string, unknown>;
    [more: string]: unknown;
};
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
/**
 * Reads the coordinator's integration report into the frontend's shape. A service's status is its
 * top-level string when the report has one (any other string is unknown), else its entry's status
 * under `services`; the entry gives the detail.
 */
export declare function parseReport(report: IntegrationReport | Record<string, any>, via: "poll" | "stream"): HealthState;
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
