import { test } from "node:test";
import assert from "node:assert/strict";
import { SessionManager, memoryStorage } from "../dist/index.js";
import { standIn, json, token, until, sharedLocks } from "./helpers.mjs";

/** Normalizer and adapter stand-ins in one server; `answer` decides the normalizer's reply per token. */
async function suite(answer) {
  let refreshes = 0;
  const server = await standIn((req, body, res) => {
    if (req.url === "/api/v1/session/validate") {
      const bearer = (req.headers.authorization ?? "").replace("Bearer ", "");
      const [status, reply] = answer(bearer);
      json(res, status, reply);
    } else if (req.url === "/api/v1/jwt/refresh") {
      refreshes++;
      const spent = JSON.parse(body).refresh_token;
      setTimeout(() => json(res, 200, { access_token: token("42", 900, { n: refreshes }), refresh_token: `r-${refreshes}`,
        token_type: "Bearer", expires_in: 900, spent }), 50);
    } else {
      json(res, 404, { code: "not_found" });
    }
  });
  return { server, refreshes: () => refreshes };
}

const valid = () => [200, { valid: true, session: { user_id: "42" } }];

function manager(url, storage, extra = {}) {
  return new SessionManager({ normalizerUrl: url, adapterUrl: url, storage, locks: null, channel: null, retryBaseMs: 50, retryMaxMs: 100, ...extra });
}

test("restore with a valid stored token: signed in with the normalizer's session", async () => {
  const { server } = await suite(valid);
  const storage = memoryStorage();
  storage.setItem("authsuite.session", JSON.stringify({ accessToken: token("42", 900), refreshToken: "r-0", kind: "standard" }));
  const session = manager(server.url, storage);
  try {
    const state = await session.restore();
    assert.equal(state.status, "signed_in");
    assert.equal(state.identity.user_id, "42");
    assert.match(server.requests[0].headers.authorization, /^Bearer /);
  } finally {
    session.dispose();
    await server.close();
  }
});

test("a 503 from the normalizer keeps the user signed in (unverified) and retries until it can tell", async () => {
  let calls = 0;
  const { server } = await suite(() => (++calls <= 2 ? [503, { code: "session_store_unavailable" }] : valid()));
  const session = manager(server.url, memoryStorage());
  const statuses = [];
  session.on("change", (state) => statuses.push(state.status));
  let signedOut = false;
  session.on("signedOut", () => { signedOut = true; });
  try {
    const state = await session.signIn({ accessToken: token("42", 900), refreshToken: "r-0", kind: "standard" });
    assert.equal(state.status, "unverified");
    assert.equal(state.signedIn, true);
    assert.ok(session.accessToken, "the token is kept");
    await until(() => session.state.status === "signed_in");
    assert.equal(signedOut, false);
    assert.deepEqual(statuses, ["unverified", "unverified", "signed_in"]);
  } finally {
    session.dispose();
    await server.close();
  }
});

test("an unreachable normalizer is 'cannot tell' too, never a sign-out", async () => {
  const { server } = await suite(valid);
  const url = server.url;
  await server.close();
  const storage = memoryStorage();
  const session = manager(url, storage, { retryBaseMs: 60_000 });
  const state = await session.signIn({ accessToken: token("42", 900), refreshToken: null, kind: "standard" });
  session.dispose();
  assert.equal(state.status, "unverified");
  assert.ok(storage.getItem("authsuite.session"));
});

test("valid: false signs the user out, clears the stored session and says why", async () => {
  const { server } = await suite(() => [200, { valid: false, reason: "revoked" }]);
  const storage = memoryStorage();
  const session = manager(server.url, storage);
  let why = null;
  session.on("signedOut", ({ reason }) => { why = reason; });
  try {
    const state = await session.signIn({ accessToken: token("42", 900), refreshToken: "r-0", kind: "standard" });
    assert.equal(state.status, "signed_out");
    assert.equal(state.signedIn, false);
    assert.equal(why, "revoked");
    assert.equal(storage.getItem("authsuite.session"), null);
    assert.equal(session.accessToken, null);
  } finally {
    session.dispose();
    await server.close();
  }
});

test("an expired access token with a refresh token is refreshed through the adapter, then validated", async () => {
  const expired = token("42", -10);
  const { server, refreshes } = await suite((bearer) => bearer === expired
    ? [200, { valid: false, reason: "token_expired" }] : valid());
  const session = manager(server.url, memoryStorage());
  try {
    const state = await session.signIn({ accessToken: expired, refreshToken: "r-0", kind: "standard" });
    assert.equal(state.status, "signed_in");
    assert.equal(refreshes(), 1);
    assert.notEqual(session.accessToken, expired);
  } finally {
    session.dispose();
    await server.close();
  }
});

test("a refresh is scheduled before expiry (refresh margin)", async () => {
  const { server, refreshes } = await suite(valid);
  const session = manager(server.url, memoryStorage(), { refreshMarginMs: 899_800 });
  try {
    await session.signIn({ accessToken: token("42", 900), refreshToken: "r-0", kind: "standard" });
    await until(() => refreshes() === 1);
  } finally {
    session.dispose();
    await server.close();
  }
});

for (const [name, coordination] of [
  ["the Web Locks API", () => { const locks = sharedLocks(); return () => ({ locks, channel: null }); }],
  ["the BroadcastChannel fallback", () => () => ({ locks: null, channel: new BroadcastChannel("authsuite-test-" + Math.random()) })],
]) {
  test(`two tabs refreshing at the same moment send exactly one refresh request (${name})`, async () => {
    const { server, refreshes } = await suite(valid);
    const storage = memoryStorage();
    const make = coordination();
    let channelName = null;
    const tab = () => {
      const options = make();
      if (options.channel) {
        channelName ??= options.channel.name;
        options.channel.close();
        options.channel = new BroadcastChannel(channelName);
      }
      return manager(server.url, storage, options);
    };
    const first = tab();
    const second = tab();
    try {
      await first.signIn({ accessToken: token("42", 900), refreshToken: "r-0", kind: "standard" });
      await second.restore();
      const [a, b] = await Promise.all([first.refresh(), second.refresh()]);
      assert.equal(refreshes(), 1);
      assert.equal(a.accessToken, b.accessToken, "both tabs hold the one new pair");
      assert.equal(JSON.parse(storage.getItem("authsuite.session")).refreshToken, "r-1");
    } finally {
      first.dispose();
      second.dispose();
      await server.close();
    }
  });
}

test("two tabs whose views of the shared storage lag (as Chromium's renderers' do) still send one refresh: the pair is handed over on the channel", async () => {
  const { server, refreshes } = await suite(valid);
  const locks = sharedLocks();
  const name = "authsuite-lag-" + Math.random();
  // each tab sees its own copy of storage, which the other tab's writes never reach: the worst lag there is
  const first = manager(server.url, memoryStorage(), { locks, channel: new BroadcastChannel(name) });
  const second = manager(server.url, memoryStorage(), { locks, channel: new BroadcastChannel(name) });
  const pair = { accessToken: token("42", 900), refreshToken: "r-0", kind: "standard" };
  try {
    await first.signIn(pair);
    await second.signIn(pair);
    const [a, b] = await Promise.all([first.refresh(), second.refresh()]);
    assert.equal(refreshes(), 1, "the second tab spent the rotated refresh token (reuse, which revokes the family)");
    assert.equal(a.accessToken, b.accessToken, "both tabs hold the one new pair");
    assert.equal(b.refreshToken, "r-1");
  } finally {
    first.dispose();
    second.dispose();
    await server.close();
  }
});

test("a refused refresh (reused or expired refresh token) signs out", async () => {
  const server = await standIn((req, body, res) => {
    if (req.url === "/api/v1/session/validate") json(res, 200, { valid: true, session: {} });
    else json(res, 401, { code: "refresh_token_reused" });
  });
  const session = manager(server.url, memoryStorage());
  try {
    await session.signIn({ accessToken: token("42", 900), refreshToken: "r-0", kind: "standard" });
    assert.equal(await session.refresh(), null);
    assert.equal(session.state.status, "signed_out");
    assert.equal(session.state.reason, "refresh_token_reused");
  } finally {
    session.dispose();
    await server.close();
  }
});
