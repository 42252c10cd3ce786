// The web client (clients/web) as a person and two tabs use it, through the coordinator's demo page
// in Debian's Chromium, against the whole suite started by WebClientBrowserTest.
//   node web-client.mjs <demo url> <control url> <screenshot dir> <access token> <refresh token> <user> <password>
// The control url is the test's: POST /primary/stop, /drill, /revoke-user?id=.
import { chromium } from "playwright-core";

const [demoUrl, controlUrl, shots, accessToken, refreshToken, user, password] = process.argv.slice(2);
const KEYS = ["jwtTokenAdapter", "sessionValidationNormalizer", "fallbackSessionProvider", "websocketAuthGateway",
  "serviceBoundaryCoordinator"];
const step = (text) => console.log(`[web-client] ${text}`);

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
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
  return last;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  let refreshRequests = 0;
  context.on("request", (request) => {
    if (request.method() === "POST" && request.url().endsWith("/api/v1/jwt/refresh")) refreshRequests++;
  });
  const page = await context.newPage();
  page.on("console", (message) => { if (message.type() === "error") console.log(`[page] ${message.text()}`); });
  page.on("pageerror", (error) => console.log(`[page error] ${error.message}`));
  const shot = (name, target = page) => target.screenshot({ path: `${shots}/demo-${name}.png`, fullPage: true });

  step("the health panel shows the five services healthy in normal mode");
  await page.goto(demoUrl);
  for (const key of KEYS) {
    await page.waitForSelector(`#services li[data-key='${key}'][data-status='healthy']`, { timeout: 15_000 });
  }
  await page.waitForSelector("#mode[data-mode='normal']");
  await page.waitForFunction(() => window.authsuite?.session);
  const urls = await page.evaluate(() => Object.fromEntries(Object.entries(window.authsuite.health.services).map(([k, v]) => [k, v.url])));
  check(await page.isHidden("#limited"), "limited mode shown in normal mode");
  const via = await page.evaluate(() => window.authsuite.health.state.via);
  check(via === "stream", `the health panel follows the SSE stream in Chromium, but came by ${via}`);
  await shot("healthy");

  step("signed in with primary tokens in one tab, restored in a second tab");
  const status = await page.evaluate(([access, refresh]) =>
    window.authsuite.session.signIn({ accessToken: access, refreshToken: refresh, kind: "standard" }).then((s) => s.status),
  [accessToken, refreshToken]);
  check(status === "signed_in", `sign-in with a primary token: ${status}`);
  const second = await context.newPage();
  await second.goto(demoUrl);
  await second.waitForSelector("#session[data-status='signed_in']", { timeout: 10_000 });

  step("both tabs refresh at the same moment: exactly one refresh request");
  const before = refreshRequests;
  const refreshInTab = (tab) => tab.evaluate(() => window.authsuite.session.refresh().then((t) => t && t.accessToken));
  const [first, other] = await Promise.all([refreshInTab(page), refreshInTab(second)]);
  check(first && first !== accessToken, "the first tab got no new access token");
  check(first === other, "the two tabs hold different access tokens after the refresh");
  check(refreshRequests - before === 1, `${refreshRequests - before} refresh requests for two tabs, expected exactly 1`);
  await page.waitForSelector("#session[data-status='signed_in']");
  await shot("two-tabs-refreshed");
  await second.close();

  step("a 503 from the normalizer keeps the user signed in");
  const validateUrl = `${urls.sessionValidationNormalizer}/api/v1/session/validate`;
  const origin = new URL(demoUrl).origin;
  await page.route(validateUrl, (route) => route.fulfill({
    status: 503, contentType: "application/problem+json",
    headers: { "Retry-After": "1", "Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true" },
    body: JSON.stringify({ status: 503, code: "session_store_unavailable", title: "Service Unavailable" }),
  }));
  const unverified = await page.evaluate(() => window.authsuite.session.validate().then((s) => ({ status: s.status, signedIn: s.signedIn })));
  check(unverified.status === "unverified" && unverified.signedIn, `after a 503: ${JSON.stringify(unverified)}`);
  await page.waitForSelector("#session[data-status='unverified']");
  check(await page.evaluate(() => window.authsuite.session.accessToken !== null), "the token was dropped on a 503");
  await shot("cannot-tell");
  await page.unroute(validateUrl);
  await page.waitForSelector("#session[data-status='signed_in']", { timeout: 10_000 });

  step("the user is revoked: the normalizer's valid: false signs them out");
  await new Promise((resolve) => setTimeout(resolve, 1100)); // revocation covers tokens issued before it, to the second
  const userId = await page.evaluate(() => window.authsuite.session.state.identity?.user_id);
  check(userId === "42", `identity shown for the primary token: ${userId}`);
  await control(`/revoke-user?id=${encodeURIComponent(userId)}`);
  await until(() => page.evaluate(() => window.authsuite.session.validate().then((s) => s.status)), (s) => s === "signed_out",
    "signed out after valid: false", 5_000);
  await page.waitForSelector("#session[data-status='signed_out']");
  check(await page.evaluate(() => localStorage.getItem("authsuite.session")) === null, "the stored session survived valid: false");
  await shot("signed-out");

  step("the primary auth stand-in stops and the drill is forced: limited mode and emergency sign-in offered");
  await control("/primary/stop");
  await control("/drill");
  await page.waitForSelector("#mode[data-mode='degraded']", { timeout: 10_000 });
  await page.waitForSelector("#limited", { state: "visible" });
  await page.waitForSelector("#emergency-form", { state: "visible" });
  await shot("limited-mode");
  await until(() => fetch(`${urls.fallbackSessionProvider}/api/v1/fallback/status`).then((r) => r.json()), (s) => s.active,
    "the fallback provider opened sign-in");

  step("emergency sign-in through the form");
  await page.fill("#emergency-form input[name='username']", user);
  await page.fill("#emergency-form input[name='password']", password);
  await page.click("#emergency-form button[type='submit']");
  await page.waitForSelector("#session[data-status='signed_in'][data-emergency='true']", { timeout: 10_000 });
  check(await page.isVisible("#limited"), "limited mode not shown while signed in with an emergency token");

  step("a chat message round-trips through the gateway");
  await page.waitForSelector("#socket[data-state='open']", { timeout: 10_000 });
  await page.fill("#chat-form input[name='message']", "hello through the gateway");
  await page.click("#chat-form button[type='submit']");
  await page.waitForSelector("#chat-log li:text-is('echo: hello through the gateway')", { timeout: 10_000 });
  await shot("chat");

  step("a revocation through the coordinator closes the socket, reported as a revocation");
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const closesBefore = await page.evaluate(() => window.authsuite.closes.length);
  const emergencyUser = await page.evaluate(() => window.authsuite.session.state.identity?.user_id);
  check(emergencyUser, "no user id on the emergency session");
  await control(`/revoke-user?id=${encodeURIComponent(emergencyUser)}`);
  await page.waitForFunction((n) => window.authsuite.closes.length > n, closesBefore, { timeout: 5_000 });
  const close = await page.evaluate(() => window.authsuite.closes.at(-1));
  check(close.kind === "revoked" && close.code === 4003 && !close.willReconnect, `the socket's close: ${JSON.stringify(close)}`);
  await page.waitForSelector("#socket[data-state='closed'][data-last-close='revoked']");
  // the demo then asks the normalizer, which answers valid: false for the revoked user
  await page.waitForSelector("#session[data-status='signed_out']", { timeout: 5_000 });
  await shot("revoked");
  console.log("[web-client] all states shown; screenshots in " + shots);
} finally {
  await browser.close();
}
