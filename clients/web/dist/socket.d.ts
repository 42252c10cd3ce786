import { Emitter, type FetchLike } from "./events.js";
/** What a close means to the app; the gateway's own codes are never reported as "network". */
export type CloseKind = "expired" | "auth_timeout" | "revoked" | "too_many_connections" | "rate_limited" | "frame_too_large" | "going_away" | "try_again" | "upstream" | "network" | "normal" | "other";
export declare const CLOSE_KINDS: Record<number, CloseKind>;
export interface SocketClose {
    code: number;
    reason: string;
    kind: CloseKind;
    willReconnect: boolean;
}
type SocketEvents = {
    open: {
        connectionId: string | null;
    };
    message: {
        data: unknown;
    };
    close: SocketClose;
    expired: SocketClose;
    revoked: SocketClose;
    authTimeout: SocketClose;
    reauth: {
        ok: boolean;
        reason: string | null;
    };
    /** The gateway refused the token for a ticket (`valid: false`): no connection is attempted. */
    rejected: {
        reason: string;
    };
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
export declare class AuthSocket extends Emitter<SocketEvents> {
    private readonly options;
    private ws;
    private attempts;
    private wanted;
    private reconnectTimer;
    private reauthTimer;
    private sentToken;
    private readonly url;
    private readonly fetch;
    private readonly WebSocketImpl;
    private readonly now;
    constructor(options: SocketOptions);
    get connected(): boolean;
    /** Connects (and keeps reconnecting until close() or a final close code). */
    connect(): Promise<void>;
    send(data: string | Blob | BufferSource): void;
    close(code?: number, reason?: string): void;
    /** Sends {"type":"reauth"} with the current token now (done by itself before expiry). */
    reauthenticate(): Promise<void>;
    private open;
    private received;
    private closed;
    private scheduleReconnect;
    private scheduleReauth;
    private clearTimers;
}
export {};
