import { backoffDelay, baseUrl, defaultFetch, Emitter, type FetchLike } from "./events.js";
import { expiresAtMs } from "./jwt.js";
import { traced } from "./trace.js";

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
  addEventListener(type: "message", listener: (event: { data: any }) => void): void;
  removeEventListener(type: "message", listener: (event: { data: any }) => void): void;
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

type SessionEvents = { change: SessionState; refreshed: Tokens; signedOut: { reason: string } };

const LOCK_NAME = "authsuite-refresh";
/** How long a tab waits for a peer's announced refresh to end before it refreshes itself. */
const PEER_PATIENCE_MS = 5000;

function isTokens(value: any): boolean {
  return value !== null && typeof value === "object" && typeof value.accessToken === "string"
    && (value.refreshToken === null || typeof value.refreshToken === "string");
}

/** Restores, validates and refreshes the user's session; one refresh at a time across the origin's tabs. */
export class SessionManager extends Emitter<SessionEvents> {
  private tokens: Tokens | null = null;
  private current: SessionState = { status: "signed_out", signedIn: false, identity: null, emergency: false, expiresAt: null, reason: null };
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retries = 0;
  private inflight: Promise<Tokens | null> | null = null;
  /** The pair a peer tab announced on the channel after its refresh: shared storage may show it later than the lock does. */
  private peerPair: Tokens | null = null;
  /** A peer holds the refresh lock and has not yet said how it ended. */
  private peerRefreshing = false;
  private peerDone: Array<() => void> = [];
  private disposed = false;
  private readonly normalizer: string;
  private readonly adapter: string;
  private readonly storage: StorageLike;
  private readonly key: string;
  private readonly locks: LockManagerLike | null;
  private readonly channel: ChannelLike | null;
  private readonly fetch: FetchLike;
  private readonly now: () => number;
  private readonly margin: number;
  private readonly retryBase: number;
  private readonly retryMax: number;
  private readonly claimWindow: number;
  private readonly onChannel = (event: { data: any }) => this.heard(event.data);

  constructor(options: SessionOptions) {
    super();
    this.normalizer = baseUrl(options.normalizerUrl);
    this.adapter = baseUrl(options.adapterUrl);
    this.storage = options.storage ?? globalThis.localStorage ?? memoryStorage();
    this.key = options.storageKey ?? "authsuite.session";
    const navigatorLocks = (globalThis as any).navigator?.locks as LockManagerLike | undefined;
    this.locks = options.locks !== undefined ? options.locks : navigatorLocks ?? null;
    this.channel = options.channel !== undefined ? options.channel
      : typeof BroadcastChannel === "function" ? new BroadcastChannel(this.key) as unknown as ChannelLike : null;
    this.channel?.addEventListener("message", this.onChannel);
    this.fetch = traced(options.fetch ?? defaultFetch());
    this.now = options.now ?? Date.now;
    this.margin = options.refreshMarginMs ?? 60_000;
    this.retryBase = options.retryBaseMs ?? 1000;
    this.retryMax = options.retryMaxMs ?? 30_000;
    this.claimWindow = options.claimWindowMs ?? 150;
  }

  get state(): SessionState {
    return this.current;
  }

  get signedIn(): boolean {
    return this.current.signedIn;
  }

  /** The access token to present, or null when signed out. */
  get accessToken(): string | null {
    return this.tokens?.accessToken ?? null;
  }

  /** Picks up the tokens this origin stored (another tab's, or an earlier visit's) and validates them. */
  async restore(): Promise<SessionState> {
    const stored = this.readStored();
    if (!stored) {
      this.setState({ ...this.current, status: "signed_out", signedIn: false, identity: null, emergency: false, expiresAt: null });
      return this.current;
    }
    this.tokens = stored;
    return this.validate();
  }

  /** Keeps these tokens (after a sign-in) for every tab of the origin, then validates them. */
  async signIn(tokens: Tokens): Promise<SessionState> {
    this.store(tokens);
    this.tokens = tokens;
    this.channel?.postMessage({ type: "tokens", tokens });
    return this.validate();
  }

  /** Asks the normalizer. valid: signed in; valid false: signed out; 503 or no answer: kept, retried. */
  async validate(): Promise<SessionState> {
    const tokens = this.tokens;
    if (!tokens) return this.current;
    let response: Response;
    try {
      response = await this.fetch(`${this.normalizer}/api/v1/session/validate`, {
        method: "POST",
        headers: { Authorization: `Bearer ${tokens.accessToken}` },
        credentials: "include",
      });
    } catch {
      return this.cannotTell();
    }
    if (tokens !== this.tokens) return this.current; // replaced meanwhile
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      return this.cannotTell();
    }
    const body = await response.json().catch(() => ({}));
    if (response.ok && body.valid === true) {
      this.retries = 0;
      this.clearRetry();
      this.setState({
        status: "signed_in", signedIn: true, identity: body.session ?? body.identity ?? null,
        emergency: tokens.kind === "emergency", expiresAt: expiresAtMs(tokens.accessToken), reason: null,
      });
      this.scheduleRefresh();
      return this.current;
    }
    const reason = typeof body.reason === "string" ? body.reason : typeof body.code === "string" ? body.code : "invalid";
    if (reason === "token_expired" && tokens.refreshToken) {
      const fresh = await this.refresh();
      if (fresh) return this.validate();
      return this.current;
    }
    this.signOut(reason);
    return this.current;
  }

  /**
   * Exchanges the refresh token at the adapter, at most once across tabs: inside the lock a tab first
   * looks at the shared storage, and adopts the pair another tab just got instead of spending its own.
   */
  refresh(): Promise<Tokens | null> {
    if (this.inflight) return this.inflight;
    const spent = this.tokens?.refreshToken;
    if (!spent) return Promise.resolve(null);
    this.inflight = this.exclusive(() => this.refreshHolding(spent)).finally(() => { this.inflight = null; });
    return this.inflight;
  }

  signOut(reason = "signed_out"): void {
    this.tokens = null;
    this.storage.removeItem(this.key);
    this.clearRefresh();
    this.clearRetry();
    this.channel?.postMessage({ type: "signed_out", reason });
    this.setState({ status: "signed_out", signedIn: false, identity: null, emergency: false, expiresAt: null, reason });
    this.emit("signedOut", { reason });
  }

  /** Stops timers and the channel (the stored session stays). */
  dispose(): void {
    this.disposed = true;
    this.clearRefresh();
    this.clearRetry();
    this.channel?.removeEventListener("message", this.onChannel);
    this.channel?.close();
  }

  /**
   * Inside the lock. The pair another tab got may reach this tab's view of localStorage after the lock
   * does (Chromium propagates storage between renderers asynchronously), so the peer also hands it over
   * on the channel, and a tab that heard a peer start a refresh waits for its outcome before spending
   * the token itself: spending a rotated refresh token is reuse, which revokes the whole family.
   */
  private async refreshHolding(spent: string): Promise<Tokens | null> {
    if (this.peerRefreshing) await this.peerOutcome(PEER_PATIENCE_MS);
    const known = this.newerPair(spent);
    if (known) {
      this.adopt(known);
      return known;
    }
    this.channel?.postMessage({ type: "refreshing" });
    const fresh = await this.spend(spent);
    this.channel?.postMessage(fresh ? { type: "tokens", tokens: fresh } : { type: "refresh_done" });
    return fresh;
  }

  private newerPair(spent: string): Tokens | null {
    const stored = this.readStored();
    if (stored && stored.refreshToken !== spent) return stored;
    const handed = this.peerPair;
    return handed && handed.refreshToken !== spent && handed.refreshToken ? handed : null;
  }

  private peerOutcome(patienceMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, patienceMs);
      this.peerDone.push(() => { clearTimeout(timer); resolve(); });
    });
  }

  private async spend(spent: string): Promise<Tokens | null> {
    let response: Response;
    try {
      response = await this.fetch(`${this.adapter}/api/v1/jwt/refresh`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refresh_token: spent }),
      });
    } catch {
      this.cannotTell(() => void this.refresh());
      return null;
    }
    if (response.status >= 500 || response.status === 429) {
      this.cannotTell(() => void this.refresh());
      return null;
    }
    const body = await response.json().catch(() => ({}));
    if (!response.ok || typeof body.access_token !== "string") {
      this.signOut(typeof body.code === "string" ? body.code : "refresh_failed");
      return null;
    }
    const fresh: Tokens = { accessToken: body.access_token, refreshToken: body.refresh_token ?? null, kind: "standard" };
    this.store(fresh);
    this.adopt(fresh);
    this.emit("refreshed", fresh);
    return fresh;
  }

  private adopt(tokens: Tokens): void {
    this.tokens = tokens;
    this.setState({ ...this.current, expiresAt: expiresAtMs(tokens.accessToken), emergency: tokens.kind === "emergency" });
    this.scheduleRefresh();
  }

  /** Another tab refreshed or signed out. */
  private heard(message: any): void {
    if (message?.type === "refreshing") {
      this.peerRefreshing = true;
      return;
    }
    if (message?.type === "tokens" || message?.type === "refresh_done" || message?.type === "signed_out") {
      this.peerRefreshing = false;
      this.peerDone.splice(0).forEach((done) => done());
    }
    if (message?.type === "tokens") {
      const handed = isTokens(message.tokens) ? message.tokens as Tokens : null;
      if (handed) this.peerPair = handed;
      const latest = handed ?? this.readStored();
      if (latest && latest.accessToken !== this.tokens?.accessToken) {
        this.tokens = latest;
        void this.validate();
      }
    } else if (message?.type === "signed_out" && this.tokens && !this.readStored()) {
      this.tokens = null;
      this.clearRefresh();
      this.setState({ status: "signed_out", signedIn: false, identity: null, emergency: false, expiresAt: null, reason: message.reason ?? "signed_out" });
      this.emit("signedOut", { reason: message.reason ?? "signed_out" });
    }
  }

  private cannotTell(retry: () => void = () => void this.validate()): SessionState {
    if (this.tokens && !this.disposed) {
      this.setState({ ...this.current, status: "unverified", signedIn: true, emergency: this.tokens.kind === "emergency" });
      this.clearRetry();
      this.retryTimer = setTimeout(retry, backoffDelay(this.retries++, this.retryBase, this.retryMax));
    }
    return this.current;
  }

  private scheduleRefresh(): void {
    this.clearRefresh();
    const expiresAt = this.tokens ? expiresAtMs(this.tokens.accessToken) : null;
    if (expiresAt === null || this.disposed) return;
    const delay = Math.max(0, expiresAt - this.margin - this.now());
    // without a refresh token (emergency sessions) the normalizer is asked again at expiry
    const action = this.tokens?.refreshToken ? () => void this.refresh() : () => void this.validate();
    this.refreshTimer = setTimeout(action, this.tokens?.refreshToken ? delay : Math.max(0, expiresAt - this.now()));
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.locks) return this.locks.request(LOCK_NAME, work);
    if (this.channel) return claimThenRun(this.channel, this.claimWindow, this.now, work);
    return work();
  }

  private readStored(): Tokens | null {
    try {
      const raw = this.storage.getItem(this.key);
      const parsed = raw ? JSON.parse(raw) : null;
      return parsed && typeof parsed.accessToken === "string" ? parsed as Tokens : null;
    } catch {
      return null;
    }
  }

  private store(tokens: Tokens): void {
    this.storage.setItem(this.key, JSON.stringify(tokens));
  }

  private setState(next: SessionState): void {
    this.current = next;
    this.emit("change", next);
  }

  private clearRefresh(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}

/**
 * The fallback when the Web Locks API is missing: announce a claim, listen for rival claims for a
 * short window, and let the earliest claim (then the smallest id) go first; the others wait for its
 * release (at most 10 s) and then find the refreshed pair in storage.
 */
async function claimThenRun<T>(channel: ChannelLike, windowMs: number, now: () => number, work: () => Promise<T>): Promise<T> {
  const id = Math.random().toString(36).slice(2) + now().toString(36);
  const at = now();
  const rivals: { id: string; at: number }[] = [];
  let released: () => void = () => {};
  const releasedOnce = new Promise<void>((resolve) => { released = resolve; });
  const listener = (event: { data: any }) => {
    const message = event.data;
    if (message?.type === "claim" && message.id !== id) rivals.push(message);
    if (message?.type === "released" && message.id !== id) released();
  };
  channel.addEventListener("message", listener);
  try {
    channel.postMessage({ type: "claim", id, at });
    await sleep(windowMs);
    const beaten = rivals.some((rival) => rival.at < at || (rival.at === at && rival.id < id));
    if (beaten) {
      let patience: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([releasedOnce, new Promise<void>((resolve) => { patience = setTimeout(resolve, 10_000); })]);
      clearTimeout(patience);
    }
    return await work();
  } finally {
    channel.postMessage({ type: "released", id });
    channel.removeEventListener("message", listener);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function memoryStorage(): StorageLike {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}
