import { backoffDelay, baseUrl, defaultFetch, Emitter, type FetchLike } from "./events.js";
import { expiresAtMs } from "./jwt.js";
import { traced, traceparent } from "./trace.js";

/** What a close means to the app; the gateway's own codes are never reported as "network". */
export type CloseKind = "expired" | "auth_timeout" | "revoked" | "too_many_connections" | "rate_limited"
  | "frame_too_large" | "going_away" | "try_again" | "upstream" | "network" | "normal" | "other";

export const CLOSE_KINDS: Record<number, CloseKind> = {
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
const FINAL: ReadonlySet<CloseKind> = new Set(["revoked", "too_many_connections", "rate_limited", "frame_too_large"]);

export interface SocketClose {
  code: number;
  reason: string;
  kind: CloseKind;
  willReconnect: boolean;
}

type SocketEvents = {
  open: { connectionId: string | null };
  message: { data: unknown };
  close: SocketClose;
  expired: SocketClose;
  revoked: SocketClose;
  authTimeout: SocketClose;
  reauth: { ok: boolean; reason: string | null };
  /** The gateway refused the token for a ticket (`valid: false`): no connection is attempted. */
  rejected: { reason: string };
};

export interface SocketOptions {
  /** The gateway's base URL (http or https; ws/wss is derived). */
  gatewayUrl: string;
  /** The current access token (e.g. () => session.accessToken), asked before each connect and re-auth. */
  token: () => string | null | Promise<string | null>;
  /** Re-authenticate this long before the token expires (default 30 s). */
  reauthMarginMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  fetch?: FetchLike;
  webSocket?: typeof WebSocket;
  now?: () => number;
}

/** A WebSocket through the gateway: ticket, connect, re-auth before expiry, reconnect with backoff. */
export class AuthSocket extends Emitter<SocketEvents> {
  private ws: WebSocket | null = null;
  private attempts = 0;
  private wanted = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private reauthTimer: ReturnType<typeof setTimeout> | null = null;
  private sentToken: string | null = null;
  private readonly url: string;
  private readonly fetch: FetchLike;
  private readonly WebSocketImpl: typeof WebSocket;
  private readonly now: () => number;

  constructor(private readonly options: SocketOptions) {
    super();
    this.url = baseUrl(options.gatewayUrl);
    this.fetch = traced(options.fetch ?? defaultFetch());
    this.WebSocketImpl = options.webSocket ?? globalThis.WebSocket;
    this.now = options.now ?? Date.now;
  }

  get connected(): boolean {
    return this.ws?.readyState === 1;
  }

  /** Connects (and keeps reconnecting until close() or a final close code). */
  connect(): Promise<void> {
    this.wanted = true;
    return this.open();
  }

  send(data: string | Blob | BufferSource): void {
    if (!this.ws || this.ws.readyState !== 1) throw new Error("the socket is not open");
    this.ws.send(data);
  }

  close(code = 1000, reason = "client closed"): void {
    this.wanted = false;
    this.clearTimers();
    this.ws?.close(code, reason);
  }

  /** Sends {"type":"reauth"} with the current token now (done by itself before expiry). */
  async reauthenticate(): Promise<void> {
    const token = await this.options.token();
    if (!token || !this.connected) return;
    this.sentToken = token;
    this.ws!.send(JSON.stringify({ type: "reauth", token }));
  }

  private async open(): Promise<void> {
    this.clearTimers();
    const token = await this.options.token();
    if (!token) {
      this.emit("rejected", { reason: "no_token" });
      return;
    }
    let ticket: string;
    // one trace for the ticket and the socket it opens (a browser cannot set headers on the upgrade: a query parameter)
    const trace = traceparent();
    try {
      const response = await this.fetch(`${this.url}/api/v1/ws-auth/validate`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, traceparent: trace },
      });
      if (response.status >= 500 || response.status === 429) throw new Error(`ticket: ${response.status}`);
      const body = await response.json();
      if (!response.ok || body.valid !== true || typeof body.ticket !== "string") {
        this.wanted = false;
        this.emit("rejected", { reason: body.reason ?? body.code ?? `status_${response.status}` });
        return;
      }
      ticket = body.ticket;
    } catch {
      this.scheduleReconnect();
      return;
    }
    if (!this.wanted) return;
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

  private received(data: unknown): void {
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
        if (message.type === "auth_ok") return;
      } catch {
        // not one of the gateway's messages: the app's
      }
    }
    this.emit("message", { data });
  }

  private closed(ws: WebSocket, code: number, reason: string): void {
    if (this.ws === ws) this.ws = null;
    this.clearTimers();
    const kind = CLOSE_KINDS[code] ?? "other";
    const willReconnect = this.wanted && !FINAL.has(kind) && !(kind === "normal");
    const close: SocketClose = { code, reason, kind, willReconnect };
    if (kind === "expired") this.emit("expired", close);
    if (kind === "revoked") this.emit("revoked", close);
    if (kind === "auth_timeout") this.emit("authTimeout", close);
    this.emit("close", close);
    if (willReconnect) {
      this.scheduleReconnect();
    } else {
      this.wanted = false;
    }
  }

  private scheduleReconnect(): void {
    if (!this.wanted) return;
    const delay = backoffDelay(this.attempts++, this.options.backoffBaseMs ?? 500, this.options.backoffMaxMs ?? 30_000);
    this.reconnectTimer = setTimeout(() => void this.open(), delay);
  }

  private scheduleReauth(): void {
    if (this.reauthTimer) clearTimeout(this.reauthTimer);
    const expiresAt = this.sentToken ? expiresAtMs(this.sentToken) : null;
    if (expiresAt === null) return;
    const delay = Math.max(0, expiresAt - (this.options.reauthMarginMs ?? 30_000) - this.now());
    this.reauthTimer = setTimeout(async () => {
      const token = await this.options.token();
      if (token && token !== this.sentToken) await this.reauthenticate();
    }, delay);
  }

  private clearTimers(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.reauthTimer) clearTimeout(this.reauthTimer);
    this.reconnectTimer = null;
    this.reauthTimer = null;
  }
}
