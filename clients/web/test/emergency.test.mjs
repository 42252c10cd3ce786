import { test } from "node:test";
import assert from "node:assert/strict";
import { EmergencyAccess, EmergencyError, SessionManager, memoryStorage } from "../dist/index.js";
import { standIn, json, token } from "./helpers.mjs";

async function suite() {
  return standIn((req, body, res) => {
    if (req.url === "/api/v1/fallback/emergency-auth") {
      const { username, password } = JSON.parse(body);
      if (username === "ops" && password === "right") {
        json(res, 200, { access_token: token("ops", 600, { token_type: "emergency" }), token_type: "Bearer", expires_in: 600 });
      } else if (username === "ops") {
        json(res, 401, { code: "invalid_credentials" });
      } else {
        json(res, 429, { code: "too_many_attempts" }, { "Retry-After": "42" });
      }
    } else if (req.url === "/api/v1/session/validate") {
      json(res, 200, { valid: true, session: { user_id: "ops", source: "emergency" } });
    }
  });
}

function wire(url, mode) {
  const health = { mode };
  const session = new SessionManager({ normalizerUrl: url, adapterUrl: url, storage: memoryStorage(), locks: null, channel: null });
  return { health, session, emergency: new EmergencyAccess({ fallbackUrl: url, health, session }) };
}

test("in normal mode emergency sign-in is not offered and the UI is not in limited mode", async () => {
  const { emergency, session } = wire("http://127.0.0.1:9", "normal");
  assert.equal(emergency.available, false);
  assert.equal(emergency.limitedMode, false);
  session.dispose();
});

test("degraded without a session: offered, limited mode; signing in makes an emergency session, still limited", async () => {
  const server = await suite();
  const { emergency, session } = wire(server.url, "degraded");
  try {
    assert.equal(emergency.available, true);
    assert.equal(emergency.limitedMode, true);
    const state = await emergency.signIn({ username: "ops", password: "right" });
    assert.equal(state.status, "signed_in");
    assert.equal(state.emergency, true);
    assert.equal(emergency.available, false, "no second sign-in offered");
    assert.equal(emergency.limitedMode, true);
    assert.equal(JSON.parse(server.requests[0].body).username, "ops");
  } finally {
    session.dispose();
    await server.close();
  }
});

test("a refused emergency sign-in throws EmergencyError with the provider's code and Retry-After", async () => {
  const server = await suite();
  const { emergency, session } = wire(server.url, "emergency");
  try {
    await assert.rejects(emergency.signIn({ username: "ops", password: "wrong" }),
      (e) => e instanceof EmergencyError && e.status === 401 && e.code === "invalid_credentials");
    await assert.rejects(emergency.signIn({ username: "x", password: "y" }),
      (e) => e instanceof EmergencyError && e.code === "too_many_attempts" && e.retryAfterS === 42);
    assert.equal(session.signedIn, false);
  } finally {
    session.dispose();
    await server.close();
  }
});
