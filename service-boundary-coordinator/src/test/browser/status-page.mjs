// The status page as a person sees it, in Debian's Chromium: five services and the mode render,
// a service with two instances lists both, the page follows a peer going down without a reload,
// and screenshots are kept.
//   node status-page.mjs <page url> <control url> <screenshot dir>
// The control url is the test's: POST /down stops the jwt-token-adapter stand-in.
import { chromium } from "playwright-core";

const [pageUrl, controlUrl, shots] = process.argv.slice(2);
const SERVICES = ["jwt_token_adapter", "session_validation_normalizer", "fallback_session_provider",
  "websocket_auth_gateway", "service_boundary_coordinator"];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const [name, viewport] of [["laptop", { width: 1280, height: 900 }], ["phone", { width: 390, height: 844 }]]) {
    const page = await browser.newPage({ viewport });
    await page.goto(pageUrl);
    await page.waitForSelector("#services .card[data-status='healthy']");
    for (const key of SERVICES) {
      await page.waitForSelector(`#services .card[data-key='${key}']`, { timeout: 5000 });
    }
    const instances = await page.locator("#services .card[data-key='session_validation_normalizer'] .instances li").count();
    if (instances !== 2) throw new Error(`the normalizer's card lists ${instances} instances, expected 2`);
    const mode = await page.textContent("#mode-name");
    if (mode !== "normal") throw new Error(`mode shown is '${mode}', expected 'normal'`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    if (overflow) throw new Error(`the page scrolls sideways on the ${name} viewport`);
    await page.screenshot({ path: `${shots}/status-page-${name}.png`, fullPage: true });
    await page.close();
  }

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(pageUrl);
  await page.waitForSelector("#services .card[data-key='jwt_token_adapter'][data-status='healthy']");
  const down = await fetch(`${controlUrl}/down`, { method: "POST" });
  if (!down.ok) throw new Error(`the test's control server answered ${down.status}`);
  await page.waitForSelector("#services .card[data-key='jwt_token_adapter'][data-status='unhealthy']", { timeout: 15000 });
  await page.screenshot({ path: `${shots}/status-page-peer-down.png`, fullPage: true });
  console.log("status page: five services and the mode rendered; followed the adapter going down");
} finally {
  await browser.close();
}
