// The demo AuthContext in plain JS: health panel, sign-in at the primary auth service, session,
// emergency sign-in during a drill, and a chat through the gateway.
// Behind the edge (deploy/edge, which answers edge.json) every service is at this page's origin; served
// by the coordinator at /demo/, the services are at the addresses of the integration report (CORS).
import { AuthSocket, EmergencyAccess, EmergencyError, HealthMonitor, SessionManager, SERVICE_KEYS } from "./lib/index.js";

const $ = (selector) => document.querySelector(selector);
const oneOrigin = await fetch("edge.json", { cache: "no-store" })
  .then((response) => (response.ok ? response.json() : null)).then((edge) => edge?.one_origin === true).catch(() => false);
const coordinatorUrl = oneOrigin ? location.origin : new URL("..", location.href).href.replace(/\/$/, "");
const health = new HealthMonitor({ coordinatorUrl, intervalMs: 1000, backoffBaseMs: 500, backoffMaxMs: 5000 });
const app = { health, oneOrigin, primaryUrl: null, standIn: null, session: null, emergency: null, socket: null, closes: [], messages: [] };
window.authsuite = app;

/** Where sign-in goes: the edge routes /api/v1/auth/ to the primary; otherwise the coordinator reports the primary it probes. */
async function findPrimary() {
  if (oneOrigin) return location.origin;
  const report = await fetch(`${coordinatorUrl}/api/v1/health/integration`, { cache: "no-store" }).then((r) => r.json()).catch(() => null);
  const url = report?.dependencies?.primary_auth?.url;
  return typeof url === "string" ? url.replace(/\/$/, "") : null;
}

/** A development stand-in says so; a real primary answers 404 here. */
async function describePrimary(primaryUrl) {
  if (!primaryUrl) return null;
  const response = await fetch(`${primaryUrl}/api/v1/auth/stand-in`, { cache: "no-store" }).catch(() => null);
  if (!response?.ok) return null;
  const body = await response.json().catch(() => null);
  return typeof body?.stand_in === "string" ? body : null;
}

function renderProvenance() {
  const line = $("#provenance");
  const real = oneOrigin ? "Real: the five authsuite services, behind the nginx edge at this one origin."
    : "Real: the five authsuite services, each at its own address.";
  line.dataset.standIns = app.standIn ? app.standIn.stand_ins.join(" ") : "none";
  if (app.standIn) {
    const chat = app.standIn.stand_ins.includes("echo-chat") ? " and the chat upstream (it echoes what you send)" : "";
    line.textContent = `${real} Development-only stand-ins started by the launcher: the primary auth service (sign in as demo / demo-password-change-me; drill below)${chat}.`;
  } else if (app.primaryUrl) {
    line.textContent = `${real} Sign-in goes to your primary auth service${oneOrigin ? "" : ` at ${app.primaryUrl}`}.`;
  } else {
    line.textContent = `${real} No primary auth service is configured (PRIMARY_AUTH_URL), so only emergency sign-in during a drill can sign you in.`;
  }
}

function renderHealth(state) {
  $("#mode").dataset.mode = state.mode;
  $("#mode-name").textContent = state.mode;
  $("#reachable").textContent = state.reachable ? "" : "(coordinator unreachable, retrying)";
  const list = $("#services");
  list.replaceChildren(...Object.keys(SERVICE_KEYS).map((key) => {
    const service = state.services[key];
    const item = document.createElement("li");
    item.dataset.key = key;
    item.dataset.status = service.status;
    const name = document.createElement("span");
    name.textContent = key;
    const status = document.createElement("span");
    status.className = "status";
    status.textContent = service.status + (service.latencyMs != null ? ` · ${service.latencyMs} ms` : "");
    item.append(name, status);
    return item;
  }));
  renderAccess();
}

function renderAccess() {
  if (!app.session) return;
  const state = app.session.state;
  const session = $("#session");
  session.dataset.status = state.status;
  session.dataset.emergency = String(state.emergency);
  const who = state.identity?.email ?? state.identity?.user_id ?? state.identity?.sub ?? "";
  session.textContent = state.status === "signed_out" ? "signed out"
    : `${state.status === "unverified" ? "signed in (cannot verify now, retrying)" : "signed in"} as ${who}${state.emergency ? " (emergency)" : ""}`;
  $("#session-reason").textContent = state.reason ? `last sign-out: ${state.reason}` : "";
  $("#sign-out").hidden = !state.signedIn;
  $("#sign-in-form").hidden = state.signedIn || !app.primaryUrl || app.emergency.available;
  $("#limited").hidden = !app.emergency.limitedMode;
  $("#emergency-form").hidden = state.signedIn || !app.emergency.available;
}

function renderDrill(running) {
  $("#drill").hidden = !app.standIn;
  $("#drill-state").dataset.drill = String(running);
  $("#drill-state").textContent = running
    ? "Drill running: the primary auth stand-in answers 503. Within a few probe rounds the suite goes degraded and offers emergency sign-in."
    : "The primary auth service is up.";
  $("#drill-start").hidden = running;
  $("#drill-stop").hidden = !running;
}

function renderSocket(state, lastClose) {
  const socket = $("#socket");
  socket.dataset.state = state;
  if (lastClose) socket.dataset.lastClose = lastClose.kind;
  socket.textContent = `socket: ${state}` + (lastClose ? ` (last close: ${lastClose.kind}, ${lastClose.code})` : "");
}

function startAccess(state) {
  const url = (key) => (oneOrigin ? location.origin : state.services[key].url);
  app.session = new SessionManager({ normalizerUrl: url("sessionValidationNormalizer"), adapterUrl: url("jwtTokenAdapter"),
    refreshMarginMs: 30_000, retryBaseMs: 1000, retryMaxMs: 10_000 });
  app.emergency = new EmergencyAccess({ fallbackUrl: url("fallbackSessionProvider"), health, session: app.session });
  app.socket = new AuthSocket({ gatewayUrl: url("websocketAuthGateway"), token: () => app.session.accessToken,
    backoffBaseMs: 500, backoffMaxMs: 5000 });
  app.session.on("change", (session) => {
    renderAccess();
    if (session.status === "signed_in" && !app.socket.connected && !app.connecting) {
      app.connecting = true;
      app.socket.connect().finally(() => { app.connecting = false; });
    }
    if (session.status === "signed_out" && app.socket.connected) app.socket.close(1000, "signed out");
  });
  app.socket.on("open", () => renderSocket("open"));
  app.socket.on("close", (close) => { app.closes.push(close); renderSocket("closed", close); });
  // the gateway saw a revocation: ask the normalizer whether the session itself is still good
  app.socket.on("revoked", () => void app.session.validate());
  app.socket.on("message", ({ data }) => {
    app.messages.push(data);
    const item = document.createElement("li");
    item.textContent = String(data);
    $("#chat-log").append(item);
  });
  void app.session.restore().then(renderAccess);
}

/** The primary's sign-in: its tokens become the session (the adapter validates and refreshes them from here on). */
async function signIn(username, password) {
  const response = await fetch(`${app.primaryUrl}/api/v1/auth/login`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username, password }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(typeof body.code === "string" ? body.code : `status ${response.status}`);
  return app.session.signIn({ accessToken: body.access_token, refreshToken: body.refresh_token, kind: "standard" });
}

async function setDrill(running) {
  const response = await fetch(`${app.primaryUrl}/api/v1/auth/drill`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ drill: running }),
  });
  if (response.ok) renderDrill((await response.json()).drill === true);
}

$("#sign-out").addEventListener("click", () => app.session?.signOut("signed_out_by_user"));
$("#sign-in-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  $("#sign-in-error").textContent = "";
  try {
    await signIn(form.get("username"), form.get("password"));
    event.target.reset();
  } catch (error) {
    $("#sign-in-error").textContent = `refused: ${error.message}`;
  }
});
$("#emergency-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  $("#emergency-error").textContent = "";
  try {
    await app.emergency.signIn({ username: form.get("username"), password: form.get("password") });
    event.target.reset();
  } catch (error) {
    $("#emergency-error").textContent = error instanceof EmergencyError ? `refused: ${error.code}` : "sign-in failed, try again";
  }
});
$("#drill-start").addEventListener("click", () => void setDrill(true));
$("#drill-stop").addEventListener("click", () => void setDrill(false));
$("#chat-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = event.target.elements.message;
  if (input.value && app.socket?.connected) {
    app.socket.send(input.value);
    input.value = "";
  }
});

app.primaryUrl = await findPrimary();
app.standIn = await describePrimary(app.primaryUrl);
renderProvenance();
renderDrill(app.standIn?.drill === true);
health.on("change", (state) => {
  if (!app.session && Object.keys(SERVICE_KEYS).every((key) => state.services[key].url)) startAccess(state);
  renderHealth(state);
});
health.start();
