// Closed-loop HTTP load for bench/drain.sh: CONNECTIONS loops, each sending one POST and the next when its answer
// came, on a keep-alive agent, for DURATION seconds, to one of TARGETS (comma-separated base URLs). With READY_POLL_MS
// above 0 it behaves as a load balancer does (a Kubernetes Service, the edge): it polls each target's /health/ready
// that often and sends only to targets that answered 200 last time; with 0 it sends to the first target, whatever
// its state (a client that ignores readiness). Every request ends as exactly one of:
//   accepted  an answer came back (the server took the request); "failed" counts those that were 5xx or not right
//   refused   ECONNREFUSED: nothing listened any more, the server never took the request
//   cut       any other error (reset, closed, timeout): a request sent on a connection the kernel had accepted
// Usage: node bench/drain-load.mjs TARGETS PATH BODY CONNECTIONS DURATION_S READY_POLL_MS  (prints one JSON line)
import http from "node:http";

const [targetList, path, body, connections, durationS, readyPollMs] = process.argv.slice(2);
const targets = targetList.split(",");
const agent = new http.Agent({ keepAlive: true, noDelay: true, maxSockets: Number(connections) * targets.length });
const until = Date.now() + Number(durationS) * 1000;
const counts = { accepted: 0, failed: 0, refused: 0, cut: 0, cut_reasons: {}, accepted_by: {} };
const ready = new Set(targets);
let next = 0;

async function pollReadiness() {
  while (Date.now() < until) {
    await Promise.all(targets.map((target) => new Promise((resolve) => {
      const probe = http.get(target + "/health/ready", { timeout: 1_000 }, (response) => {
        response.resume();
        if (response.statusCode === 200) ready.add(target); else ready.delete(target);
        resolve();
      });
      probe.on("timeout", () => probe.destroy(new Error("timeout")));
      probe.on("error", () => { ready.delete(target); resolve(); });
    })));
    await new Promise((resolve) => setTimeout(resolve, Number(readyPollMs)));
  }
}

function choose() {
  if (Number(readyPollMs) <= 0) return targets[0];
  const candidates = targets.filter((target) => ready.has(target));
  return candidates.length === 0 ? targets[0] : candidates[next++ % candidates.length];
}

function once() {
  const target = choose();
  return new Promise((resolve) => {
    const request = http.request(target + path, { method: "POST", agent, timeout: 30_000,
      headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) } }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => {
        counts.accepted++;
        counts.accepted_by[target] = (counts.accepted_by[target] ?? 0) + 1;
        if (response.statusCode >= 500 || !text.includes('"valid":true')) counts.failed++;
        resolve();
      });
      response.on("error", (error) => cut(error, resolve));
    });
    request.on("timeout", () => request.destroy(new Error("timeout")));
    request.on("error", (error) => {
      if (error.code === "ECONNREFUSED") {
        counts.refused++;
        setTimeout(resolve, 10); // nothing listens: wait a little rather than spin on refusals
      } else {
        cut(error, resolve);
      }
    });
    request.end(body);
  });
}

function cut(error, resolve) {
  counts.cut++;
  const reason = error.code ?? error.message;
  counts.cut_reasons[reason] = (counts.cut_reasons[reason] ?? 0) + 1;
  resolve();
}

async function loop() {
  while (Date.now() < until) await once();
}

const polling = Number(readyPollMs) > 0 ? pollReadiness() : Promise.resolve();
await Promise.all(Array.from({ length: Number(connections) }, loop));
await polling;
agent.destroy();
console.log(JSON.stringify(counts));
