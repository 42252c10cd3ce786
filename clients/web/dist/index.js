export { HealthMonitor, parseReport, SERVICE_KEYS } from "./health.js";
export { SessionManager, memoryStorage } from "./session.js";
export { EmergencyAccess, EmergencyError } from "./emergency.js";
export { AuthSocket, CLOSE_KINDS } from "./socket.js";
export { backoffDelay } from "./events.js";
export { claimsOf, expiresAtMs } from "./jwt.js";
export { traced, traceparent } from "./trace.js";
