import { baseUrl, defaultFetch } from "./events.js";
import { traced } from "./trace.js";
/** A refused emergency sign-in: `code` is the provider's (invalid_credentials, fallback_not_active, too_many_attempts, ...). */
export class EmergencyError extends Error {
    status;
    code;
    retryAfterS;
    constructor(status, code, retryAfterS) {
        super(`emergency sign-in refused: ${code} (${status})`);
        this.status = status;
        this.code = code;
        this.retryAfterS = retryAfterS;
        this.name = "EmergencyError";
    }
}
/** Emergency sign-in through the fallback provider while the suite runs degraded. */
export class EmergencyAccess {
    options;
    url;
    fetch;
    constructor(options) {
        this.options = options;
        this.url = baseUrl(options.fallbackUrl);
        this.fetch = traced(options.fetch ?? defaultFetch());
    }
    /** Emergency sign-in is on offer: the mode is degraded or emergency and the user has no valid session. */
    get available() {
        return this.options.health.mode !== "normal" && !this.options.session.signedIn;
    }
    /** What the UI shows as "limited mode": signed in with an emergency token, or offered emergency sign-in. */
    get limitedMode() {
        return this.options.session.state.emergency || this.available;
    }
    /** Signs in with the fallback provider; the emergency token becomes the session (no refresh token). */
    async signIn(credentials) {
        const response = await this.fetch(`${this.url}/api/v1/fallback/emergency-auth`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(credentials),
        });
        const body = await response.json().catch(() => ({}));
        if (!response.ok || typeof body.access_token !== "string") {
            const retryAfter = response.headers.get("Retry-After");
            throw new EmergencyError(response.status, typeof body.code === "string" ? body.code : "emergency_failed", retryAfter === null ? null : Number(retryAfter));
        }
        return this.options.session.signIn({ accessToken: body.access_token, refreshToken: null, kind: "emergency" });
    }
}
