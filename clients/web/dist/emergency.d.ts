import { type FetchLike } from "./events.js";
import type { HealthMonitor } from "./health.js";
import type { SessionManager, SessionState } from "./session.js";
export interface EmergencyOptions {
    fallbackUrl: string;
    health: Pick<HealthMonitor, "mode">;
    session: Pick<SessionManager, "signedIn" | "state" | "signIn">;
    fetch?: FetchLike;
}
export interface EmergencyCredentials {
    username?: string;
    email?: string;
    password: string;
}
/** A refused emergency sign-in: `code` is the provider's (invalid_credentials, fallback_not_active, too_many_attempts, ...). */
export declare class EmergencyError extends Error {
    readonly status: number;
    readonly code: string;
    readonly retryAfterS: number | null;
    constructor(status: number, code: string, retryAfterS: number | null);
}
/** Emergency sign-in through the fallback provider while the suite runs degraded. */
export declare class EmergencyAccess {
    private readonly options;
    private readonly url;
    private readonly fetch;
    constructor(options: EmergencyOptions);
    /** Emergency sign-in is on offer: the mode is degraded or emergency and the user has no valid session. */
    get available(): boolean;
    /** What the UI shows as "limited mode": signed in with an emergency token, or offered emergency sign-in. */
    get limitedMode(): boolean;
    /** Signs in with the fallback provider; the emergency token becomes the session (no refresh token). */
    signIn(credentials: EmergencyCredentials): Promise<SessionState>;
}
