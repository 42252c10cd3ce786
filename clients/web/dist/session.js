import { backoffDelay, baseUrl, defaultFetch, Emitter } from "./events.js";
import { expiresAtMs } from "./jwt.js";
import { traced } from "./trace.js";
const LOCK_NAME = "authsuite-refresh";
/** How long a tab waits for a peer's announced refresh to end before it refreshes itself. */
const PEER_PATIENCE_MS = 5000;
function isTokens(value) {
    return value !== null && typeof value === "object" && typeof value.accessToken === "string"
        && (value.refreshToken === null || typeof value.refreshToken === "string");
}
/** Restores, validates and refreshes the user's session; one refresh at a time across the origin's tabs. */
export class SessionManager extends Emitter {
    tokens = null;
    current = { status: "signed_out", signedIn: false, identity: null, emergency: false, expiresAt: null, reason: null };
    refreshTimer = null;
    retryTimer = null;
    retries = 0;
    inflight = null;
    /** The pair a peer tab announced on the channel after its refresh: shared storage may show it later than the lock does. */
    peerPair = null;
    /** A peer holds the refresh lock and has not yet said how it ended. */
    peerRefreshing = false;
    peerDone = [];
    disposed = false;
    normalizer;
    adapter;
    storage;
    key;
    locks;
    channel;
    fetch;
    now;
    margin;
    retryBase;
    retryMax;
    claimWindow;
    onChannel = (event) => this.heard(event.data);
    constructor(options) {
        super();
        this.normalizer = baseUrl(options.normalizerUrl);
        this.adapter = baseUrl(options.adapterUrl);
        this.storage = options.storage ?? globalThis.localStorage ?? memoryStorage();
        this.key = options.storageKey ?? "authsuite.session";
        const navigatorLocks = globalThis.navigator?.locks;
        this.locks = options.locks !== undefined ? options.locks : navigatorLocks ?? null;
        this.channel = options.channel !== undefined ? options.channel
            : typeof BroadcastChannel === "function" ? new BroadcastChannel(this.key) : null;
        this.channel?.addEventListener("message", this.onChannel);
        this.fetch = traced(options.fetch ?? defaultFetch());
        this.now = options.now ?? Date.now;
        this.margin = options.refreshMarginMs ?? 60_000;
        this.retryBase = options.retryBaseMs ?? 1000;
        this.retryMax = options.retryMaxMs ?? 30_000;
        this.claimWindow = options.claimWindowMs ?? 150;
    }
    get state() {
        return this.current;
    }
    get signedIn() {
        return this.current.signedIn;
    }
    /** The access token to present, or null when signed out. */
    get accessToken() {
        return this.tokens?.accessToken ?? null;
    }
    /** Picks up the tokens this origin stored (another tab's, or an earlier visit's) and validates them. */
    async restore() {
        const stored = this.readStored();
        if (!stored) {
            this.setState({ ...this.current, status: "signed_out", signedIn: false, identity: null, emergency: false, expiresAt: null });
            return this.current;
        }
        this.tokens = stored;
        return this.validate();
    }
    /** Keeps these tokens (after a sign-in) for every tab of the origin, then validates them. */
    async signIn(tokens) {
        this.store(tokens);
        this.tokens = tokens;
        this.channel?.postMessage({ type: "tokens", tokens });
        return this.validate();
    }
    /** Asks the normalizer. valid: signed in; valid false: signed out; 503 or no answer: kept, retried. */
    async validate() {
        const tokens = this.tokens;
        if (!tokens)
            return this.current;
        let response;
        try {
            response = await this.fetch(`${this.normalizer}/api/v1/session/validate`, {
                method: "POST",
                headers: { Authorization: `Bearer ${tokens.accessToken}` },
                credentials: "include",
            });
        }
        catch {
            return this.cannotTell();
        }
        if (tokens !== this.tokens)
            return this.current; // replaced meanwhile
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
            if (fresh)
                return this.validate();
            return this.current;
        }
        this.signOut(reason);
        return this.current;
    }
    /**
     * Exchanges the refresh token at the adapter, at most once across tabs: inside the lock a tab first
     * looks at the shared storage, and adopts the pair another tab just got instead of spending its own.
     */
    refresh() {
        if (this.inflight)
            return this.inflight;
        const spent = this.tokens?.refreshToken;
        if (!spent)
            return Promise.resolve(null);
        this.inflight = this.exclusive(() => this.refreshHolding(spent)).finally(() => { this.inflight = null; });
        return this.inflight;
    }
    signOut(reason = "signed_out") {
        this.tokens = null;
        this.storage.removeItem(this.key);
        this.clearRefresh();
        this.clearRetry();
        this.channel?.postMessage({ type: "signed_out", reason });
        this.setState({ status: "signed_out", signedIn: false, identity: null, emergency: false, expiresAt: null, reason });
        this.emit("signedOut", { reason });
    }
    /** Stops timers and the channel (the stored session stays). */
    dispose() {
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
    async refreshHolding(spent) {
        if (this.peerRefreshing)
            await this.peerOutcome(PEER_PATIENCE_MS);
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
    newerPair(spent) {
        const stored = this.readStored();
        if (stored && stored.refreshToken !== spent)
            return stored;
        const handed = this.peerPair;
        return handed && handed.refreshToken !== spent && handed.refreshToken ? handed : null;
    }
    peerOutcome(patienceMs) {
        return new Promise((resolve) => {
            const timer = setTimeout(resolve, patienceMs);
            this.peerDone.push(() => { clearTimeout(timer); resolve(); });
        });
    }
    async spend(spent) {
        let response;
        try {
            response = await this.fetch(`${this.adapter}/api/v1/jwt/refresh`, {
                method: "POST",
                headers: { "Content-Type": "application/json" },
                body: JSON.stringify({ refresh_token: spent }),
            });
        }
        catch {
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
        const fresh = { accessToken: body.access_token, refreshToken: body.refresh_token ?? null, kind: "standard" };
        this.store(fresh);
        this.adopt(fresh);
        this.emit("refreshed", fresh);
        return fresh;
    }
    adopt(tokens) {
        this.tokens = tokens;
        this.setState({ ...this.current, expiresAt: expiresAtMs(tokens.accessToken), emergency: tokens.kind === "emergency" });
        this.scheduleRefresh();
    }
    /** Another tab refreshed or signed out. */
    heard(message) {
        if (message?.type === "refreshing") {
            this.peerRefreshing = true;
            return;
        }
        if (message?.type === "tokens" || message?.type === "refresh_done" || message?.type === "signed_out") {
            this.peerRefreshing = false;
            this.peerDone.splice(0).forEach((done) => done());
        }
        if (message?.type === "tokens") {
            const handed = isTokens(message.tokens) ? message.tokens : null;
            if (handed)
                this.peerPair = handed;
            const latest = handed ?? this.readStored();
            if (latest && latest.accessToken !== this.tokens?.accessToken) {
                this.tokens = latest;
                void this.validate();
            }
        }
        else if (message?.type === "signed_out" && this.tokens && !this.readStored()) {
            this.tokens = null;
            this.clearRefresh();
            this.setState({ status: "signed_out", signedIn: false, identity: null, emergency: false, expiresAt: null, reason: message.reason ?? "signed_out" });
            this.emit("signedOut", { reason: message.reason ?? "signed_out" });
        }
    }
    cannotTell(retry = () => void this.validate()) {
        if (this.tokens && !this.disposed) {
            this.setState({ ...this.current, status: "unverified", signedIn: true, emergency: this.tokens.kind === "emergency" });
            this.clearRetry();
            this.retryTimer = setTimeout(retry, backoffDelay(this.retries++, this.retryBase, this.retryMax));
        }
        return this.current;
    }
    scheduleRefresh() {
        this.clearRefresh();
        const expiresAt = this.tokens ? expiresAtMs(this.tokens.accessToken) : null;
        if (expiresAt === null || this.disposed)
            return;
        const delay = Math.max(0, expiresAt - this.margin - this.now());
        // without a refresh token (emergency sessions) the normalizer is asked again at expiry
        const action = this.tokens?.refreshToken ? () => void this.refresh() : () => void this.validate();
        this.refreshTimer = setTimeout(action, this.tokens?.refreshToken ? delay : Math.max(0, expiresAt - this.now()));
    }
    exclusive(work) {
        if (this.locks)
            return this.locks.request(LOCK_NAME, work);
        if (this.channel)
            return claimThenRun(this.channel, this.claimWindow, this.now, work);
        return work();
    }
    readStored() {
        try {
            const raw = this.storage.getItem(this.key);
            const parsed = raw ? JSON.parse(raw) : null;
            return parsed && typeof parsed.accessToken === "string" ? parsed : null;
        }
        catch {
            return null;
        }
    }
    store(tokens) {
        this.storage.setItem(this.key, JSON.stringify(tokens));
    }
    setState(next) {
        this.current = next;
        this.emit("change", next);
    }
    clearRefresh() {
        if (this.refreshTimer)
            clearTimeout(this.refreshTimer);
        this.refreshTimer = null;
    }
    clearRetry() {
        if (this.retryTimer)
            clearTimeout(this.retryTimer);
        this.retryTimer = null;
    }
}
/**
 * The fallback when the Web Locks API is missing: announce a claim, listen for rival claims for a
 * short window, and let the earliest claim (then the smallest id) go first; the others wait for its
 * release (at most 10 s) and then find the refreshed pair in storage.
 */
async function claimThenRun(channel, windowMs, now, work) {
    const id = Math.random().toString(36).slice(2) + now().toString(36);
    const at = now();
    const rivals = [];
    let released = () => { };
    const releasedOnce = new Promise((resolve) => { released = resolve; });
    const listener = (event) => {
        const message = event.data;
        if (message?.type === "claim" && message.id !== id)
            rivals.push(message);
        if (message?.type === "released" && message.id !== id)
            released();
    };
    channel.addEventListener("message", listener);
    try {
        channel.postMessage({ type: "claim", id, at });
        await sleep(windowMs);
        const beaten = rivals.some((rival) => rival.at < at || (rival.at === at && rival.id < id));
        if (beaten) {
            let patience;
            await Promise.race([releasedOnce, new Promise((resolve) => { patience = setTimeout(resolve, 10_000); })]);
            clearTimeout(patience);
        }
        return await work();
    }
    finally {
        channel.postMessage({ type: "released", id });
        channel.removeEventListener("message", listener);
    }
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
export function memoryStorage() {
    const map = new Map();
    return {
        getItem: (key) => map.get(key) ?? null,
        setItem: (key, value) => void map.set(key, value),
        removeItem: (key) => void map.delete(key),
    };
}
