import { baseUrl, defaultFetch, type FetchLike } from "./events.js";
import type { HealthMonitor } from "./health.js";
import type { SessionManager, SessionState } from "./session.js";
import { traced } from "./trace.js";

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
export class EmergencyError extends Error {
  constructor(readonly status: number, readonly code: string, readonly retryAfterS: number | null) {
    super(`emergency sign-in refused: ${code} (${status})`);
    this.name = "EmergencyError";
  }
}

/** Emergency sign-in through the fallback provider while the suite runs degraded. */
export class EmergencyAccess {
  private readonly url: string;
  private readonly fetch: FetchLike;

  constructor(private readonly options: EmergencyOptions) {
    this.url = baseUrl(options.fallbackUrl);
    this.fetch = traced(options.fetch ?? defaultFetch());
  }

  /** Emergency sign-in is on offer: the mode is degraded or emergency and the user has no valid session. */
  get available(): boolean {
    return this.options.health.mode !== "normal" && !this.options.session.signedIn;
  }

  /** What the UI shows as "limited mode": signed in with an emergency token, or offered emergency sign-in. */
  get limitedMode(): boolean {
    return this.options.session.state.emergency || this.available;
  }

  /** Signs in with the fallback provider; the emergency token becomes the session (no refresh token). */
  async signIn(credentials: EmergencyCredentials): Promise<SessionState> {
    const response = await this.fetch(`${this.url}/api/v1/fallback/emergency-auth`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(credentials),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok || typeof body.access_token !== "string") {
      const retryAfter = response.headers.get("Retry-After");
      throw new EmergencyError(response.status, typeof body.code === "string" ? body.code : "emergency_failed",
        retryAfter === null ? null : Number(retryAfter));
    }
    return this.options.session.signIn({ accessToken: body.access_token, refreshToken: null, kind: "emergency" });
  }
}
