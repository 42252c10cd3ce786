import { backoffDelay, baseUrl, defaultFetch, Emitter } from "./events.js";
import { expiresAtMs } from "./jwt.js";
import { traced, traceparent } from "./trace.js";
export const CLOSE_KINDS = {
    1000: "normal",
    1001: "going_away",
    1006: "network",
    1009: "frame_too_large",
    1011: "upstream",
    1013: "try_again",
    1014: "upstream",
    4001: "expired",
    4003: "revoked",
    4008: "too_many_connections",
    4029: "rate_limited",
    4401: "auth_timeout",
};
/** Closes after which a new connection would only be refused again. */
const FINAL = new Set(["revoked", "too_many_connections", "rate_limited", "frame_too_large"]);
/** A WebSocket through the gateway: ticket, connect, re-auth before expiry, reconnect with backoff. */
export class AuthSocket extends Emitter {
    options;
    ws = null;
    attempts = 0;
    wanted = false;
    reconnectTimer = null;
    reauthTimer = null;
    sentToken = null;
    url;
    fetch;
    WebSocketImpl;
    now;
    constructor(options) {
        super();
        this.options = options;
        this.url = baseUrl(options.gatewayUrl);
        this.fetch = traced(options.fetch ?? defaultFetch());
        this.WebSocketImpl = options.webSocket ?? globalThis.WebSocket;
        this.now = options.now ?? Date.now;
    }
    get connected() {
        return this.ws?.readyState === 1;
    }
    /** Connects (and keeps reconnecting until close() or a final close code). */
    connect() {
        this.wanted = true;
        return this.open();
    }
    send(data) {
        if (!this.ws || this.ws.readyState !== 1)
            throw new Error("the socket is not open");
        this.ws.send(data);
    }
    close(code = 1000, reason = "client closed") {
        this.wanted = false;
        this.clearTimers();
        this.ws?.close(code, reason);
    }
    /** Sends {"type":"reauth"} with the current token now (done by itself before expiry). */
    async reauthenticate() {
        const token = await this.options.token();
        if (!token || !this.connected)
            return;
        this.sentToken = token;
        this.ws.send(JSON.stringify({ type: "reauth", token }));
    }
    async open() {
        this.clearTimers();
        const token = await this.options.token();
        if (!token) {
            this.emit("rejected", { reason: "no_token" });
            return;
        }
        let ticket;
        // one trace for the ticket and the socket it opens (a browser cannot set headers on the upgrade: a query parameter)
        const trace = traceparent();
        try {
            const response = await this.fetch(`${this.url}/api/v1/ws-auth/validate`, {
                method: "POST",
                headers: { Authorization: `Bearer ${token}`, traceparent: trace },
            });
            if (response.status >= 500 || response.status === 429)
                throw new Error(`ticket: ${response.status}`);
            const body = await response.json();
            if (!response.ok || body.valid !== true || typeof body.ticket !== "string") {
                this.wanted = false;
                this.emit("rejected", { reason: body.reason ?? body.code ?? `status_${response.status}` });
                return;
            }
            ticket = body.ticket;
        }
        catch {
            this.scheduleReconnect();
            return;
        }
        if (!this.wanted)
            return;
        const ws = new this.WebSocketImpl(`${this.url.replace(/^http/, "ws")}/ws?ticket=${encodeURIComponent(ticket)}&traceparent=${trace}`);
        this.ws = ws;
        this.sentToken = token;
        ws.onopen = () => {
            this.attempts = 0;
            this.emit("open", { connectionId: null });
            this.scheduleReauth();
        };
        ws.onmessage = (event) => this.received(event.data);
        ws.onclose = (event) => this.closed(ws, event.code, event.reason);
    }
    received(data) {
        if (typeof data === "string" && data.includes("\"type\"") && data.includes("auth")) {
            try {
                const message = JSON.parse(data);
                if (message.type === "reauth_ok") {
                    this.emit("reauth", { ok: true, reason: null });
                    this.scheduleReauth();
                    return;
                }
                if (message.type === "reauth_failed") {
                    this.emit("reauth", { ok: false, reason: message.reason ?? null });
                    return;
                }
                if (message.type === "auth_ok")
                    return;
            }
            catch {
                // not one of the gateway's messages: the app's
            }
        }
        this.emit("message", { data });
    }
    closed(ws, code, reason) {
        if (this.ws === ws)
            this.ws = null;
        this.clearTimers();
        const kind = CLOSE_KINDS[code] ?? "other";
        const willReconnect = this.wanted && !FINAL.has(kind) && !(kind === "normal");
        const close = { code, reason, kind, willReconnect };
        if (kind === "expired")
            this.emit("expired", close);
        if (kind === "revoked")
            this.emit("revoked", close);
        if (kind === "auth_timeout")
            this.emit("authTimeout", close);
        this.emit("close", close);
        if (willReconnect) {
            this.scheduleReconnect();
        }
        else {
            this.wanted = false;
        }
    }
    scheduleReconnect() {
        if (!this.wanted)
            return;
        const delay = backoffDelay(this.attempts++, this.options.backoffBaseMs ?? 500, this.options.backoffMaxMs ?? 30_000);
        this.reconnectTimer = setTimeout(() => void this.open(), delay);
    }
    scheduleReauth() {
        if (this.reauthTimer)
            clearTimeout(this.reauthTimer);
        const expiresAt = this.sentToken ? expiresAtMs(this.sentToken) : null;
        if (expiresAt === null)
            return;
        const delay = Math.max(0, expiresAt - (this.options.reauthMarginMs ?? 30_000) - this.now());
        this.reauthTimer = setTimeout(async () => {
            const token = await this.options.token();
            if (token && token !== this.sentToken)
                await this.reauthenticate();
        }, delay);
    }
    clearTimers() {
        if (this.reconnectTimer)
            clearTimeout(this.reconnectTimer);
        if (this.reauthTimer)
            clearTimeout(this.reauthTimer);
        this.reconnectTimer = null;
        this.reauthTimer = null;
    }
}
