import { test } from "node:test";
import assert from "node:assert/strict";
import { AuthSocket, HealthMonitor, traceparent } from "../dist/index.js";
import { standIn, json, token, until } from "./helpers.mjs";

const TRACEPARENT = /^00-([0-9a-f]{32})-[0-9a-f]{16}-01$/;

test("a traceparent is version 00, a random 16-byte trace id, an 8-byte span id, sampled", () => {
  const first = traceparent();
  assert.match(first, TRACEPARENT);
  assert.notEqual(first, traceparent());
  assert.equal(traceparent((bytes) => bytes.fill(0xab)), `00-${"ab".repeat(16)}-${"ab".repeat(8)}-01`);
});

test("every fetch of the library carries a traceparent of a new trace", async () => {
  const server = await standIn((req, body, res) => json(res, 503, {}));
  const monitor = new HealthMonitor({ coordinatorUrl: server.url, intervalMs: 10_000 });
  try {
    monitor.start();
    await until(() => server.requests.length > 0);
    assert.match(server.requests[0].headers.traceparent, TRACEPARENT);
  } finally {
    monitor.stop();
    await server.close();
  }
});

test("the WebSocket shares the trace of its ticket request, as a query parameter (no headers on an upgrade)", async () => {
  const server = await standIn((req, body, res) => json(res, 200, { valid: true, ticket: "t-1" }));
  const urls = [];
  class FakeWebSocket {
    constructor(url) { urls.push(url); }
    close() {}
  }
  const socket = new AuthSocket({ gatewayUrl: server.url, token: () => token("42", 900), webSocket: FakeWebSocket });
  try {
    await socket.connect();
    await until(() => urls.length > 0);
    const sent = server.requests[0].headers.traceparent;
    assert.match(sent, TRACEPARENT);
    assert.equal(new URL(urls[0]).searchParams.get("traceparent"), sent);
  } finally {
    socket.close();
    await server.close();
  }
});
