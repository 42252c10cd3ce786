// The demo page as a person and two tabs use it, in Debian's Chromium, against the whole suite that
// WebClientBrowserTest starts the way the launcher does (its development stand-ins for the primary auth
// service and the chat upstream), first through the nginx edge at one origin, then at the coordinator's /demo/.
//   node web-client.mjs <edge url> <direct demo url> <control url> <screenshot dir> <user> <password>
// The control url is the test's: POST /revoke-user?id= (the operator's revocation through the coordinator).
import { chromium } from "playwright-core";

const [edgeUrl, directUrl, controlUrl, shots, user, password] = process.argv.slice(2);
const KEYS = ["jwtTokenAdapter", "sessionValidationNormalizer", "fallbackSessionProvider", "websocketAuthGateway",
  "serviceBoundaryCoordinator"];
const edgeOrigin = new URL(edgeUrl).origin;
const edgeHost = new URL(edgeUrl).host;
const started = Date.now();
const step = (text) => console.log(`[web-client +${((Date.now() - started) / 1000).toFixed(1)}s] ${text}`);
const REFRESH_ROUNDS = Number(process.env.WEB_CLIENT_REFRESH_ROUNDS || 3);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function control(path) {
  const response = await fetch(controlUrl + path, { method: "POST" });
  check(response.ok, `control ${path} answered ${response.status}: ${await response.text()}`);
}

async function until(read, condition, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!condition(last)) {
    check(Date.now() < deadline, `${what}: not within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
    await sleep(100);
    last = await read();
  }
  return last;
}

function watch(page) {
  page.on("console", (message) => { if (message.type() === "error") console.log(`[page] ${message.text()}`); });
  page.on("pageerror", (error) => console.log(`[page error] ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 400) console.log(`[page] ${response.status()} ${response.request().method()} ${response.url()}`);
  });
  return page;
}

const shot = (page, name) => page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });

// ---- steps shared by both passes ----

async function healthy(page, url) {
  await page.goto(url);
  for (const key of KEYS) {
    await page.waitForSelector(`#services li[data-key='${key}'][data-status='healthy']`, { timeout: 15_000 });
  }
  await page.waitForSelector("#mode[data-mode='normal']", { timeout: 20_000 });
  await page.waitForFunction(() => window.authsuite?.session && window.authsuite.standIn !== undefined);
  check(await page.isHidden("#limited"), "limited mode shown in normal mode");
  const standIns = await page.getAttribute("#provenance", "data-stand-ins");
  check(standIns.split(" ").includes("primary-auth"), `#provenance names no primary-auth stand-in: ${standIns}`);
  check(await page.isVisible("#drill"), "the drill section is hidden although the primary is a stand-in");
}

async function signInThroughForm(page) {
  await page.waitForSelector("#sign-in-form", { state: "visible", timeout: 10_000 });
  await page.fill("#sign-in-form input[name='username']", user);
  await page.fill("#sign-in-form input[name='password']", password);
  await page.click("#sign-in-form button[type='submit']");
  await page.waitForSelector("#session[data-status='signed_in'][data-emergency='false']", { timeout: 10_000 });
}

async function chatRoundTrip(page, text) {
  await page.waitForSelector("#socket[data-state='open']", { timeout: 10_000 });
  await page.fill("#chat-form input[name='message']", text);
  await page.click("#chat-form button[type='submit']");
  await page.waitForSelector(`#chat-log li:text-is('echo: ${text}')`, { timeout: 10_000 });
}

// ---- the edge pass: one origin, CORS never involved ----

async function edgePass(browser) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const seen = []; // every URL the browser asked for, HTTP and WebSocket
  let refreshRequests = 0;
  context.on("request", (request) => {
    seen.push(request.url());
    if (request.method() === "POST" && new URL(request.url()).pathname === "/api/v1/jwt/refresh") refreshRequests++;
  });
  const sockets = [];
  context.on("page", (page) => page.on("websocket", (ws) => { sockets.push(ws.url()); seen.push(ws.url()); }));
  const page = watch(await context.newPage());

  step("edge 1: the five services healthy, mode normal, the stand-ins named, one origin");
  await healthy(page, edgeUrl);
  check(await page.evaluate(() => window.authsuite.oneOrigin) === true, "the page did not find the edge's edge.json");
  check(await page.evaluate(() => window.authsuite.primaryUrl) === edgeOrigin, "sign-in does not go to the edge's origin");
  const via = await page.evaluate(() => window.authsuite.health.state.via);
  check(via === "stream", `the health panel follows the SSE stream through the edge, but came by ${via}`);
  await shot(page, "edge-1-healthy");

  step("edge 2: a wrong password is refused, then the demo user signs in through the form");
  await page.waitForSelector("#sign-in-form", { state: "visible", timeout: 10_000 });
  await page.fill("#sign-in-form input[name='username']", user);
  await page.fill("#sign-in-form input[name='password']", "not-the-password");
  await page.click("#sign-in-form button[type='submit']");
  await page.waitForSelector("#sign-in-error:has-text('refused')", { timeout: 10_000 });
  check(await page.getAttribute("#session", "data-status") === "signed_out", "signed in with a wrong password");
  await signInThroughForm(page);
  const identity = await page.evaluate(() => window.authsuite.session.state.identity);
  check(identity?.user_id === "1", `identity after sign-in: ${JSON.stringify(identity)}`);
  await shot(page, "edge-2-signed-in");

  step(`edge 3: a second tab restores the session; both refresh at the same moment, ${REFRESH_ROUNDS} times: one refresh request each time`);
  // The second tab is opened on its own (context.newPage(), as a user opening the URL again), so Chromium may put
  // it in another renderer, whose view of localStorage lags the first tab's writes: the library hands the new pair
  // over on its BroadcastChannel, and a tab that heard a peer start a refresh waits for it, so the lagging tab
  // never spends the rotated refresh token. WEB_CLIENT_OPENED_TABS=1 opens it from the first tab (window.open).
  const second = watch(process.env.WEB_CLIENT_OPENED_TABS
    ? (await Promise.all([context.waitForEvent("page"), page.evaluate(() => { window.open("about:blank", "_blank"); })]))[0]
    : await context.newPage());
  await second.goto(edgeUrl);
  await second.waitForSelector("#session[data-status='signed_in']", { timeout: 10_000 });
  const refreshInTab = (tab) => tab.evaluate(() => window.authsuite.session.refresh().then((t) => t && t.accessToken));
  const tokensOf = () => Promise.all([page, second].map((tab) => tab.evaluate(() => window.authsuite.session.accessToken)));
  for (let round = 1; round <= REFRESH_ROUNDS; round++) {
    const [oldAccess] = await tokensOf();
    const before = refreshRequests;
    const [first, other] = await Promise.all([refreshInTab(page), refreshInTab(second)]);
    // What the library promises: inside the Web Lock one tab spends the refresh token and the other, finding a
    // different pair in localStorage, adopts it instead of spending its own: one request for both tabs.
    check(refreshRequests - before === 1, `round ${round}: ${refreshRequests - before} refresh requests for two tabs, expected exactly 1`);
    check(first && first !== oldAccess && other && other !== oldAccess, `round ${round}: a tab got no new access token from the refresh`);
    // one request made one new pair, so both tabs hold it (read until both agree: the adopting tab may be a moment late)
    await until(tokensOf, ([a, b]) => a === b && a !== oldAccess, `round ${round}: both tabs hold the one refreshed access token`, 5_000);
    check(await second.getAttribute("#session", "data-status") === "signed_in", `round ${round}: the second tab is signed out`);
  }
  await page.waitForSelector("#session[data-status='signed_in']");
  await shot(page, "edge-3-two-tabs-refreshed");

  step("edge 3b: a 503 from the normalizer keeps the user signed in (cannot tell), and it recovers");
  const validateUrl = `${edgeOrigin}/api/v1/session/validate`;
  await page.route(validateUrl, (route) => route.fulfill({
    status: 503, contentType: "application/problem+json", headers: { "Retry-After": "1" },
    body: JSON.stringify({ status: 503, code: "session_store_unavailable", title: "Service Unavailable" }),
  }));
  const unverified = await page.evaluate(() => window.authsuite.session.validate().then((s) => ({ status: s.status, signedIn: s.signedIn })));
  check(unverified.status === "unverified" && unverified.signedIn, `after a 503: ${JSON.stringify(unverified)}`);
  check(await page.evaluate(() => window.authsuite.session.accessToken !== null), "the token was dropped on a 503");
  await page.unroute(validateUrl);
  await page.waitForSelector("#session[data-status='signed_in']", { timeout: 10_000 });
  await second.close();

  step("edge 4: the socket opens through the edge's /ws and a message round-trips");
  await chatRoundTrip(page, "hello through the edge");
  check(sockets.some((url) => url.startsWith(`ws://${edgeHost}/ws?`)), `no WebSocket to ws://${edgeHost}/ws: ${JSON.stringify(sockets)}`);
  await shot(page, "edge-4-chat");

  step("edge 5: signed out, the drill is started from the page: degraded, limited mode, emergency sign-in offered");
  // emergency sign-in is offered to someone without a valid session (a signed-in user keeps the session they have)
  await page.click("#sign-out");
  await page.waitForSelector("#session[data-status='signed_out']", { timeout: 5_000 });
  await page.click("#drill-start");
  await page.waitForSelector("#drill-state[data-drill='true']", { timeout: 5_000 });
  await page.waitForSelector("#mode[data-mode='degraded']", { timeout: 15_000 });
  await page.waitForSelector("#limited", { state: "visible", timeout: 5_000 });
  await page.waitForSelector("#emergency-form", { state: "visible", timeout: 5_000 });
  check(await page.isHidden("#sign-in-form"), "the primary's sign-in form is still offered during the drill");
  await shot(page, "edge-5-drill-limited-mode");
  // the fallback provider probes the primary itself; its sign-in opens once it has seen it down
  await until(() => fetch(`${edgeOrigin}/api/v1/fallback/status`).then((r) => r.json()).catch(() => ({})), (s) => s.active === true,
    "the fallback provider opened emergency sign-in", 15_000);

  step("edge 6: emergency sign-in through the form; the socket opens again and chat round-trips");
  await page.fill("#emergency-form input[name='username']", user);
  await page.fill("#emergency-form input[name='password']", password);
  await page.click("#emergency-form button[type='submit']");
  await page.waitForSelector("#session[data-status='signed_in'][data-emergency='true']", { timeout: 10_000 });
  check(await page.isVisible("#limited"), "limited mode not shown while signed in with an emergency token");
  await chatRoundTrip(page, "hello in an emergency");
  await shot(page, "edge-6-emergency-signed-in");

  step("edge 7: the operator revokes the user; the socket closes as a revocation and the page signs out");
  await sleep(1100); // a revocation covers tokens issued before it, to the second
  const closesBefore = await page.evaluate(() => window.authsuite.closes.length);
  const emergencyUser = await page.evaluate(() => window.authsuite.session.state.identity?.user_id);
  check(emergencyUser === "1", `user id on the emergency session: ${emergencyUser}`);
  await control(`/revoke-user?id=${encodeURIComponent(emergencyUser)}`);
  await page.waitForFunction((n) => window.authsuite.closes.length > n, closesBefore, { timeout: 5_000 });
  const close = await page.evaluate(() => window.authsuite.closes.at(-1));
  check(close.kind === "revoked" && close.code === 4003 && !close.willReconnect, `the socket's close: ${JSON.stringify(close)}`);
  await page.waitForSelector("#socket[data-state='closed'][data-last-close='revoked']");
  await page.waitForSelector("#session[data-status='signed_out']", { timeout: 5_000 });
  await shot(page, "edge-7-revoked");

  step("the drill ends from the page; the mode comes back to normal");
  await page.click("#drill-stop");
  await page.waitForSelector("#drill-state[data-drill='false']", { timeout: 5_000 });
  await page.waitForSelector("#mode[data-mode='normal']", { timeout: 20_000 });

  step("one origin: every request the browser made went to the edge");
  const foreign = [...new Set(seen)].filter((url) => {
    const parsed = new URL(url);
    return parsed.host !== edgeHost || !["http:", "ws:"].includes(parsed.protocol);
  });
  check(seen.length > 0, "no requests recorded");
  check(foreign.length === 0, `requests to other origins than ${edgeOrigin} (CORS would be involved): ${JSON.stringify(foreign)}`);
  console.log(`[web-client] ${seen.length} requests, all at ${edgeOrigin}`);
  await context.close();
}

// ---- the direct pass: the coordinator's /demo/, each service at its own address ----

async function directPass(browser) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = watch(await context.newPage());

  step("direct 1: the five services healthy at the coordinator's /demo/");
  await healthy(page, directUrl);
  check(await page.evaluate(() => window.authsuite.oneOrigin) === false, "the coordinator's /demo/ thinks it is behind the edge");
  await shot(page, "direct-1-healthy");

  step("direct 2: the demo user signs in through the form (a second after the revocation, so the new token is good)");
  await signInThroughForm(page);
  await shot(page, "direct-2-signed-in");

  step("direct 3: a chat round trip through the gateway's own address");
  await chatRoundTrip(page, "hello at the coordinator");
  await shot(page, "direct-3-chat");
  await context.close();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  await edgePass(browser);
  await directPass(browser);
  step("all steps shown; screenshots in " + shots);
} finally {
  await browser.close();
}
