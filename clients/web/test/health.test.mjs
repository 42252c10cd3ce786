import { test } from "node:test";
import assert from "node:assert/strict";
import { HealthMonitor, parseReport, backoffDelay } from "../dist/index.js";
import { standIn, json, until } from "./helpers.mjs";

const REPORT = {
  status: "degraded", mode: "degraded", mode_reason: "primary_auth down", checked_at: "2026-01-01T00:00:00Z",
  services: {
    jwt_token_adapter: { status: "healthy", url: "http://127.0.0.1:8025", latency_ms: 2, circuit: "closed" },
    session_validation_normalizer: { status: "healthy", url: "http://127.0.0.1:8026" },
    fallback_session_provider: { status: "healthy", url: "http://127.0.0.1:8027" },
    websocket_auth_gateway: { status: "unhealthy", circuit: "open", error: "connection refused" },
    service_boundary_coordinator: { status: "healthy" },
  },
};

test("the report's health keys become the frontend's keys, with the mode", () => {
  const state = parseReport(REPORT, "poll");
  assert.equal(state.mode, "degraded");
  assert.equal(state.modeReason, "primary_auth down");
  assert.deepEqual(Object.keys(state.services).sort(), ["fallbackSessionProvider", "jwtTokenAdapter",
    "serviceBoundaryCoordinator", "sessionValidationNormalizer", "websocketAuthGateway"]);
  assert.equal(state.services.jwtTokenAdapter.url, "http://127.0.0.1:8025");
  assert.equal(state.services.websocketAuthGateway.status, "unhealthy");
  assert.equal(state.services.websocketAuthGateway.circuit, "open");
});

test("a service missing from the report is unknown; an unknown mode is read as normal", () => {
  const state = parseReport({ status: "healthy", mode: "sideways", services: {} }, "poll");
  assert.equal(state.mode, "normal");
  assert.equal(state.services.jwtTokenAdapter.status, "unknown");
});

test("each service's top-level status string is its status; the entry under services adds the detail", () => {
  const state = parseReport({
    jwt_token_adapter: "degraded", session_validation_normalizer: "healthy", fallback_session_provider: "unhealthy",
    websocket_auth_gateway: "unknown", service_boundary_coordinator: "healthy",
    status: "degraded", mode: "normal", services: { jwt_token_adapter: { status: "degraded", url: "http://127.0.0.1:8025" } },
  }, "poll");
  assert.equal(state.services.jwtTokenAdapter.status, "degraded");
  assert.equal(state.services.jwtTokenAdapter.url, "http://127.0.0.1:8025");
  assert.equal(state.services.sessionValidationNormalizer.status, "healthy");
  assert.equal(state.services.fallbackSessionProvider.status, "unhealthy");
  assert.equal(state.services.websocketAuthGateway.status, "unknown");
  assert.equal(state.services.serviceBoundaryCoordinator.status, "healthy");
  assert.equal(state.services.serviceBoundaryCoordinator.url, null, "no detail: only the status");
});

test("a report with only the five top-level strings (no services detail) still gives each service's status", () => {
  const state = parseReport({
    jwt_token_adapter: "healthy", session_validation_normalizer: "unhealthy", fallback_session_provider: "healthy",
    websocket_auth_gateway: "degraded", service_boundary_coordinator: "healthy",
  }, "poll");
  assert.deepEqual(Object.fromEntries(Object.entries(state.services).map(([k, v]) => [k, v.status])), {
    jwtTokenAdapter: "healthy", sessionValidationNormalizer: "unhealthy", fallbackSessionProvider: "healthy",
    websocketAuthGateway: "degraded", serviceBoundaryCoordinator: "healthy",
  });
});

test("a top-level value that is not one of the four statuses is unknown, whatever the detail says", () => {
  const state = parseReport({
    jwt_token_adapter: { status: "healthy" }, session_validation_normalizer: "sideways",
    services: { jwt_token_adapter: { status: "healthy" }, session_validation_normalizer: { status: "healthy" } },
  }, "poll");
  assert.equal(state.services.jwtTokenAdapter.status, "healthy", "not a string: the detail's status");
  assert.equal(state.services.sessionValidationNormalizer.status, "unknown");
});

test("polls send If-None-Match with the last ETag and keep the state on a 304", async () => {
  const server = await standIn((req, body, res) => {
    if (req.headers["if-none-match"] === 'W/"r1"') { res.writeHead(304, { ETag: 'W/"r1"' }); res.end(); return; }
    json(res, 200, REPORT, { ETag: 'W/"r1"', "Cache-Control": "max-age=2" });
  });
  const health = new HealthMonitor({ coordinatorUrl: server.url + "/", stream: false });
  try {
    const first = await health.poll();
    const second = await health.poll();
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[0].headers["if-none-match"], undefined);
    assert.equal(server.requests[1].headers["if-none-match"], 'W/"r1"');
    assert.equal(second, first);
    assert.equal(health.mode, "degraded");
    assert.equal(health.nextDelay(), 2000, "the report's max-age sets the poll interval");
  } finally {
    health.stop();
    await server.close();
  }
});

test("an unreachable coordinator: reachable is false, the last report kept, and polls back off", async () => {
  let up = true;
  const server = await standIn((req, body, res) => {
    if (up) json(res, 200, REPORT, { ETag: 'W/"r1"' }); else json(res, 503, { code: "down" });
  });
  const changes = [];
  const health = new HealthMonitor({ coordinatorUrl: server.url, stream: false, backoffBaseMs: 1000, backoffMaxMs: 8000 });
  health.on("change", (state) => changes.push(state.reachable));
  try {
    await health.poll();
    up = false;
    const delays = [];
    for (let i = 0; i < 6; i++) {
      await health.poll();
      delays.push(health.nextDelay());
    }
    assert.equal(health.state.reachable, false);
    assert.equal(health.mode, "degraded", "the last known mode stays");
    assert.deepEqual(changes, [true, false], "one change to unreachable, not one per failed poll");
    assert.ok(delays[0] >= 500 && delays[0] <= 1000, `first backoff ${delays[0]}`);
    assert.ok(delays[3] >= 4000, `fourth backoff ${delays[3]}`);
    assert.ok(delays.every((d) => d <= 8000), `capped: ${delays}`);
    up = true;
    await health.poll();
    assert.equal(health.state.reachable, true);
  } finally {
    health.stop();
    await server.close();
  }
});

test("a refused connection counts as unreachable", async () => {
  const server = await standIn(() => {});
  const url = server.url;
  await server.close();
  const health = new HealthMonitor({ coordinatorUrl: url, stream: false });
  const state = await health.poll();
  health.stop();
  assert.equal(state.reachable, false);
});

test("backoff grows exponentially with jitter inside [ceiling/2, ceiling] and stops at the cap", () => {
  assert.equal(backoffDelay(0, 1000, 30000, () => 0), 500);
  assert.equal(backoffDelay(0, 1000, 30000, () => 1), 1000);
  assert.equal(backoffDelay(3, 1000, 30000, () => 1), 8000);
  assert.equal(backoffDelay(50, 1000, 30000, () => 1), 30000);
});

/** A stand-in for the browser's EventSource (Node 20 has none): the test pushes events and errors. */
class FakeEventSource {
  static instances = [];
  constructor(url) {
    this.url = url;
    this.listeners = {};
    this.closed = false;
    FakeEventSource.instances.push(this);
  }
  addEventListener(type, listener) { (this.listeners[type] ??= []).push(listener); }
  close() { this.closed = true; }
  push(type, data) { (this.listeners[type] ?? []).forEach((l) => l({ data: JSON.stringify(data) })); }
  fail() { this.onerror?.({}); }
}

test("with EventSource it follows the stream; when the stream fails it polls, and returns to the stream once a poll succeeds", async () => {
  let up = false;
  const server = await standIn((req, body, res) => (up ? json(res, 200, REPORT, { ETag: 'W/"r2"' }) : json(res, 503, {})));
  FakeEventSource.instances = [];
  const health = new HealthMonitor({ coordinatorUrl: server.url, eventSource: FakeEventSource, backoffBaseMs: 20, backoffMaxMs: 40 });
  try {
    health.start();
    const stream = FakeEventSource.instances[0];
    assert.equal(stream.url, `${server.url}/api/v1/health/integration/stream`);
    stream.push("health", { ...REPORT, mode: "normal" });
    assert.equal(health.state.via, "stream");
    assert.equal(health.mode, "normal");
    assert.equal(server.requests.length, 0, "no polling while the stream flows");

    stream.fail();
    assert.equal(stream.closed, true);
    assert.equal(health.state.reachable, false);
    await until(() => server.requests.length >= 2);
    assert.equal(FakeEventSource.instances.length, 1, "no new stream while polls fail");
    up = true;
    await until(() => FakeEventSource.instances.length === 2);
    assert.equal(health.state.reachable, true);
    assert.equal(health.mode, "degraded", "the successful poll's report");
  } finally {
    health.stop();
    await server.close();
  }
});
