/**
 * A W3C `traceparent` that starts a new trace: random 16-byte trace id and 8-byte span id, sampled (flags 01).
 * The services join it, so one user action is one trace from the browser on.
 */
export function traceparent(random = (bytes) => globalThis.crypto.getRandomValues(bytes)) {
    return `00-${hex(random(new Uint8Array(16)))}-${hex(random(new Uint8Array(8)))}-01`;
}
/** `fetch` that sends a fresh `traceparent` with every request that does not carry one already. */
export function traced(fetch) {
    return (input, init = {}) => {
        const headers = { ...init.headers };
        if (!Object.keys(headers).some((name) => name.toLowerCase() === "traceparent"))
            headers.traceparent = traceparent();
        return fetch(input, { ...init, headers });
    };
}
function hex(bytes) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
