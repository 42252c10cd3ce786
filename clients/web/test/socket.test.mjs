import { test } from "node:test";
import assert from "node:assert/strict";
import { AuthSocket } from "../dist/index.js";
import { standIn, json, token, until } from "./helpers.mjs";

/**
 * A stand-in for the browser's WebSocket (Node 20 has none): records what the client sends, and
 * lets the test open it, deliver messages and close it with a code, as the gateway would.
 */
class FakeWebSocket {
  static instances = [];
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    FakeWebSocket.instances.push(this);
    queueMicrotask(() => { this.readyState = 1; this.onopen?.({}); });
  }
  send(data) { this.sent.push(data); }
  close(code = 1000, reason = "") { this.serverClose(code, reason); }
  deliver(data) { this.onmessage?.({ data }); }
  serverClose(code, reason = "") {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

async function gateway(answer = () => [200, { valid: true, ticket: "t-" + Math.random(), ticket_expires_in: 30 }]) {
  return standIn((req, body, res) => {
    if (req.url === "/api/v1/ws-auth/validate") json(res, ...answer(req));
    else json(res, 404, {});
  });
}

function socketFor(url, currentToken, extra = {}) {
  FakeWebSocket.instances = [];
  return new AuthSocket({ gatewayUrl: url, token: () => currentToken.value, webSocket: FakeWebSocket,
    backoffBaseMs: 20, backoffMaxMs: 40, ...extra });
}

test("connects with a ticket got from /api/v1/ws-auth/validate with the bearer token", async () => {
  const server = await gateway();
  const current = { value: token("42", 900) };
  const socket = socketFor(server.url, current);
  let opened = false;
  socket.on("open", () => { opened = true; });
  try {
    await socket.connect();
    await until(() => opened);
    assert.equal(server.requests[0].headers.authorization, `Bearer ${current.value}`);
    assert.match(FakeWebSocket.instances[0].url, /^ws:\/\/127\.0\.0\.1:\d+\/ws\?ticket=t-/);
  } finally {
    socket.close();
    await server.close();
  }
});

for (const [code, event, kind] of [[4001, "expired", "expired"], [4003, "revoked", "revoked"], [4401, "authTimeout", "auth_timeout"]]) {
  test(`close code ${code} is reported as '${event}' (kind ${kind}), not as a network error`, async () => {
    const server = await gateway();
    const socket = socketFor(server.url, { value: token("42", 900) });
    const typed = [];
    const closes = [];
    socket.on(event, (close) => typed.push(close));
    socket.on("close", (close) => closes.push(close));
    try {
      await socket.connect();
      await until(() => socket.connected);
      FakeWebSocket.instances[0].serverClose(code, "gateway says so");
      assert.equal(typed.length, 1);
      assert.equal(closes[0].kind, kind);
      assert.equal(closes[0].code, code);
      assert.notEqual(closes[0].kind, "network");
      assert.equal(closes[0].willReconnect, code !== 4003, "expired and auth timeout reconnect with a fresh ticket; revoked does not");
    } finally {
      socket.close();
      await server.close();
    }
  });
}

test("1001 going_away (a gateway instance draining) reconnects with a fresh ticket, through the same URL to another instance", async () => {
  const server = await gateway();
  const socket = socketFor(server.url, { value: token("42", 900) });
  const closes = [];
  let opens = 0;
  socket.on("close", (close) => closes.push(close));
  socket.on("open", () => { opens++; });
  try {
    await socket.connect();
    await until(() => socket.connected);
    FakeWebSocket.instances[0].serverClose(1001, "going_away");
    assert.equal(closes[0].kind, "going_away");
    assert.equal(closes[0].reason, "going_away");
    assert.equal(closes[0].willReconnect, true);
    await until(() => opens === 2);
    assert.equal(FakeWebSocket.instances.length, 2);
    assert.equal(server.requests.length, 2, "a new ticket: the old one was spent on the drained instance");
    assert.notEqual(FakeWebSocket.instances[1].url, FakeWebSocket.instances[0].url);
  } finally {
    socket.close();
    await server.close();
  }
});

test("a revocation is final: no reconnect", async () => {
  const server = await gateway();
  const socket = socketFor(server.url, { value: token("42", 900) });
  let close = null;
  socket.on("close", (c) => { close = c; });
  try {
    await socket.connect();
    await until(() => socket.connected);
    FakeWebSocket.instances[0].serverClose(4003, "revoked");
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(close.willReconnect, false);
    assert.equal(FakeWebSocket.instances.length, 1);
    assert.equal(server.requests.length, 1);
  } finally {
    socket.close();
    await server.close();
  }
});

test("a dropped connection (1006) is a network close and reconnects with a fresh ticket", async () => {
  const server = await gateway();
  const socket = socketFor(server.url, { value: token("42", 900) });
  const kinds = [];
  socket.on("close", (c) => kinds.push(c.kind));
  try {
    await socket.connect();
    await until(() => socket.connected);
    FakeWebSocket.instances[0].serverClose(1006);
    await until(() => FakeWebSocket.instances.length === 2 && socket.connected);
    assert.deepEqual(kinds, ["network"]);
    assert.equal(server.requests.length, 2, "a new ticket for the new connection");
  } finally {
    socket.close();
    await server.close();
  }
});

test("while the ticket endpoint answers 503 it keeps trying, backing off", async () => {
  let calls = 0;
  const server = await gateway(() => (++calls < 3 ? [503, { code: "redis_unavailable" }] : [200, { valid: true, ticket: "t-ok" }]));
  const socket = socketFor(server.url, { value: token("42", 900) });
  try {
    await socket.connect();
    await until(() => socket.connected);
    assert.equal(calls, 3);
  } finally {
    socket.close();
    await server.close();
  }
});

test("a token the gateway finds invalid is 'rejected' and nothing connects", async () => {
  const server = await gateway(() => [200, { valid: false, reason: "token_expired" }]);
  const socket = socketFor(server.url, { value: token("42", 900) });
  let rejected = null;
  socket.on("rejected", (r) => { rejected = r; });
  try {
    await socket.connect();
    assert.deepEqual(rejected, { reason: "token_expired" });
    assert.equal(FakeWebSocket.instances.length, 0);
  } finally {
    await server.close();
  }
});

test("before the token expires it sends {type: reauth} with the new token; reauth_ok is an event, not a message", async () => {
  const server = await gateway();
  const current = { value: token("42", 31) };
  const socket = socketFor(server.url, current, { reauthMarginMs: 30_900 });
  const reauths = [];
  const messages = [];
  socket.on("reauth", (r) => reauths.push(r));
  socket.on("message", (m) => messages.push(m.data));
  try {
    await socket.connect();
    await until(() => socket.connected);
    current.value = token("42", 900);
    const ws = FakeWebSocket.instances[0];
    await until(() => ws.sent.length === 1);
    assert.deepEqual(JSON.parse(ws.sent[0]), { type: "reauth", token: current.value });
    ws.deliver(JSON.stringify({ type: "reauth_ok", expires_at: "2030-01-01T00:00:00Z" }));
    ws.deliver("hello from upstream");
    assert.deepEqual(reauths, [{ ok: true, reason: null }]);
    assert.deepEqual(messages, ["hello from upstream"]);
  } finally {
    socket.close();
    await server.close();
  }
});
