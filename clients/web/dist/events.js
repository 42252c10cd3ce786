/** A tiny typed event emitter: `on` returns the function that removes the listener. */
export class Emitter {
    listeners = new Map();
    on(type, listener) {
        let set = this.listeners.get(type);
        if (!set) {
            set = new Set();
            this.listeners.set(type, set);
        }
        set.add(listener);
        return () => set.delete(listener);
    }
    emit(type, value) {
        for (const listener of [...(this.listeners.get(type) ?? [])]) {
            try {
                listener(value);
            }
            catch (error) {
                queueMicrotask(() => { throw error; });
            }
        }
    }
}
/** Exponential backoff with full jitter: attempt 0 waits about `baseMs`, capped at `maxMs`. */
export function backoffDelay(attempt, baseMs, maxMs, random = Math.random) {
    const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
    return Math.round(ceiling / 2 + random() * ceiling / 2);
}
export function defaultFetch() {
    return (input, init) => globalThis.fetch(input, init);
}
/** Strips trailing slashes so paths can be appended. */
export function baseUrl(url) {
    return url.replace(/\/+$/, "");
}
