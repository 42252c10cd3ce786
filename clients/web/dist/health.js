import { backoffDelay, baseUrl, defaultFetch, Emitter } from "./events.js";
import { traced } from "./trace.js";
/** The frontend's names of the five services, mapped from the coordinator's health keys. */
export const SERVICE_KEYS = {
    jwtTokenAdapter: "jwt_token_adapter",
    sessionValidationNormalizer: "session_validation_normalizer",
    fallbackSessionProvider: "fallback_session_provider",
    websocketAuthGateway: "websocket_auth_gateway",
    serviceBoundaryCoordinator: "service_boundary_coordinator",
};
const UNKNOWN = { status: "unknown", url: null, latencyMs: null, circuit: null, error: null };
function initialState() {
    const services = {};
    for (const key of Object.keys(SERVICE_KEYS)) {
        services[key] = { ...UNKNOWN };
    }
    return { reachable: false, status: "unknown", mode: "normal", modeReason: null, checkedAt: null, services, via: null };
}
/**
 * Reads the coordinator's integration report into the frontend's shape. A service's status is its
 * top-level string when the report has one (any other string is unknown), else its entry's status
 * under `services`; the entry gives the detail.
 */
export function parseReport(report, via) {
    const state = initialState();
    state.reachable = true;
    state.via = via;
    state.status = asStatus(report.status);
    state.mode = report.mode === "degraded" || report.mode === "emergency" ? report.mode : "normal";
    state.modeReason = typeof report.mode_reason === "string" ? report.mode_reason : null;
    state.checkedAt = typeof report.checked_at === "string" ? report.checked_at : null;
    const services = report.services && typeof report.services === "object" ? report.services : {};
    for (const [key, healthKey] of Object.entries(SERVICE_KEYS)) {
        const headline = report[healthKey];
        const entry = services[healthKey];
        if (entry && typeof entry === "object") {
            state.services[key] = {
                status: asStatus(entry.status),
                url: typeof entry.url === "string" ? entry.url : null,
                latencyMs: typeof entry.latency_ms === "number" ? entry.latency_ms : null,
                circuit: typeof entry.circuit === "string" ? entry.circuit : null,
                error: typeof entry.error === "string" ? entry.error : null,
            };
        }
        if (typeof headline === "string") {
            state.services[key].status = asStatus(headline);
        }
    }
    return state;
}
function asStatus(value) {
    return value === "healthy" || value === "degraded" || value === "unhealthy" ? value : "unknown";
}
/**
 * Follows the coordinator's integration health: the SSE stream when the browser has EventSource
 * (falling back to polling when the stream fails), else polls with If-None-Match. While the
 * coordinator cannot be reached, polls back off exponentially and `reachable` is false.
 */
export class HealthMonitor extends Emitter {
    current = initialState();
    etag = null;
    timer = null;
    source = null;
    failures = 0;
    running = false;
    streamFailed = false;
    url;
    fetch;
    options;
    EventSourceImpl;
    intervalMs;
    constructor(options) {
        super();
        this.url = baseUrl(options.coordinatorUrl);
        this.fetch = traced(options.fetch ?? defaultFetch());
        this.options = {
            intervalMs: options.intervalMs ?? 2000,
            backoffBaseMs: options.backoffBaseMs ?? 1000,
            backoffMaxMs: options.backoffMaxMs ?? 30000,
            stream: options.stream ?? true,
        };
        this.intervalMs = this.options.intervalMs;
        this.EventSourceImpl = options.eventSource !== undefined ? options.eventSource
            : (typeof EventSource === "function" ? EventSource : null);
    }
    get state() {
        return this.current;
    }
    get mode() {
        return this.current.mode;
    }
    get services() {
        return this.current.services;
    }
    start() {
        if (this.running)
            return;
        this.running = true;
        if (this.options.stream && this.EventSourceImpl) {
            this.follow();
        }
        else {
            void this.poll();
        }
    }
    stop() {
        this.running = false;
        if (this.timer)
            clearTimeout(this.timer);
        this.timer = null;
        this.source?.close();
        this.source = null;
    }
    /** One poll now; resolves with the state after it. */
    async poll() {
        if (this.timer)
            clearTimeout(this.timer);
        this.timer = null;
        try {
            const headers = { Accept: "application/json" };
            if (this.etag)
                headers["If-None-Match"] = this.etag;
            const response = await this.fetch(`${this.url}/api/v1/health/integration`, { headers, cache: "no-store" });
            if (response.status === 304) {
                this.failures = 0;
                if (!this.current.reachable)
                    this.update({ ...this.current, reachable: true });
            }
            else if (response.ok) {
                this.etag = response.headers.get("ETag");
                this.intervalMs = maxAge(response.headers.get("Cache-Control")) ?? this.options.intervalMs;
                this.failures = 0;
                this.update(parseReport(await response.json(), "poll"));
            }
            else {
                throw new Error(`integration health answered ${response.status}`);
            }
        }
        catch {
            this.failures++;
            if (this.current.reachable)
                this.update({ ...this.current, reachable: false });
        }
        if (this.failures === 0 && this.streamFailed && this.running) {
            // the coordinator answers again: back to the stream
            this.streamFailed = false;
            this.follow();
        }
        else {
            this.schedule();
        }
        return this.current;
    }
    /** The delay before the next poll: the interval, or the backoff while unreachable. */
    nextDelay() {
        return this.failures === 0 ? this.intervalMs
            : backoffDelay(this.failures - 1, this.options.backoffBaseMs, this.options.backoffMaxMs);
    }
    schedule() {
        if (!this.running)
            return;
        this.timer = setTimeout(() => void this.poll(), this.nextDelay());
    }
    follow() {
        const source = new this.EventSourceImpl(`${this.url}/api/v1/health/integration/stream`);
        this.source = source;
        source.addEventListener("health", (event) => {
            this.failures = 0;
            this.update(parseReport(JSON.parse(event.data), "stream"));
        });
        source.onerror = () => {
            // the stream failed: poll with backoff until a poll succeeds, then follow the stream again
            source.close();
            this.source = null;
            if (!this.running)
                return;
            this.streamFailed = true;
            this.failures++;
            if (this.current.reachable)
                this.update({ ...this.current, reachable: false });
            this.schedule();
        };
    }
    update(next) {
        this.current = next;
        this.emit("change", next);
    }
}
function maxAge(cacheControl) {
    const match = cacheControl?.match(/max-age=(\d+)/);
    return match ? Math.max(1, Number(match[1])) * 1000 : null;
}
