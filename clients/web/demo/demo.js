// The demo AuthContext in plain JS: health panel, session, emergency sign-in during a drill, and a
// chat through the gateway. Service addresses come from the coordinator's integration report.
import { AuthSocket, EmergencyAccess, EmergencyError, HealthMonitor, SessionManager, SERVICE_KEYS } from "./lib/index.js";

const $ = (selector) => document.querySelector(selector);
const coordinatorUrl = new URL("..", location.href).href.replace(/\/$/, "");
const health = new HealthMonitor({ coordinatorUrl, intervalMs: 1000, backoffBaseMs: 500, backoffMaxMs: 5000 });
const app = { health, session: null, emergency: null, socket: null, closes: [], messages: [] };
window.authsuite = app;

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
  const who = state.identity?.user_id ?? state.identity?.sub ?? "";
  session.textContent = state.status === "signed_out" ? "signed out"
    : `${state.status === "unverified" ? "signed in (cannot verify now, retrying)" : "signed in"} as ${who}${state.emergency ? " (emergency)" : ""}`;
  $("#session-reason").textContent = state.reason ? `last sign-out: ${state.reason}` : "";
  $("#limited").hidden = !app.emergency.limitedMode;
  $("#emergency-form").hidden = !app.emergency.available;
}

function renderSocket(state, lastClose) {
  const socket = $("#socket");
  socket.dataset.state = state;
  if (lastClose) socket.dataset.lastClose = lastClose.kind;
  socket.textContent = `socket: ${state}` + (lastClose ? ` (last close: ${lastClose.kind}, ${lastClose.code})` : "");
}

function startAccess(state) {
  const url = (key) => state.services[key].url;
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

$("#sign-out").addEventListener("click", () => app.session?.signOut("signed_out_by_user"));
$("#emergency-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  $("#emergency-error").textContent = "";
  try {
    await app.emergency.signIn({ username: form.get("username"), password: form.get("password") });
  } catch (error) {
    $("#emergency-error").textContent = error instanceof EmergencyError ? `refused: ${error.code}` : "sign-in failed, try again";
  }
});
$("#chat-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = event.target.elements.message;
  if (input.value && app.socket?.connected) {
    app.socket.send(input.value);
    input.value = "";
  }
});

health.on("change", (state) => {
  if (!app.session && Object.keys(SERVICE_KEYS).every((key) => state.services[key].url)) startAccess(state);
  renderHealth(state);
});
health.start();
