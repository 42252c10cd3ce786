// The status page: polls /api/v1/health/integration (ETag-aware, so an unchanged report costs a 304)
// and draws one card per service and dependency. No framework, no build step.
(() => {
  const REFRESH_MS = 3000;
  const NAMES = {
    jwt_token_adapter: "JWT token adapter",
    session_validation_normalizer: "Session validation normalizer",
    fallback_session_provider: "Fallback session provider",
    websocket_auth_gateway: "WebSocket auth gateway",
    service_boundary_coordinator: "Service boundary coordinator",
    redis: "Redis",
    postgres: "PostgreSQL",
    primary_auth: "Primary auth service",
  };
  let etag = null;
  let report = null;

  const $ = (id) => document.getElementById(id);
  const text = (tag, value, className) => {
    const node = document.createElement(tag);
    node.textContent = value;
    if (className) node.className = className;
    return node;
  };

  function ago(iso) {
    if (!iso) return "never";
    const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (seconds < 60) return seconds + " s ago";
    if (seconds < 3600) return Math.round(seconds / 60) + " min ago";
    return new Date(iso).toLocaleString();
  }

  function card(key, entry) {
    const node = document.createElement("article");
    node.className = "card";
    node.dataset.key = key;
    node.dataset.status = entry.status || "unknown";
    const title = document.createElement("h3");
    title.append(text("span", "", "dot"), text("span", NAMES[key] || key));
    const facts = document.createElement("dl");
    const add = (label, value, className) => {
      facts.append(text("dt", label), text("dd", value, className));
    };
    add("status", (entry.status || "unknown").replace("_", " "), "status");
    if (entry.summary) add("instances", entry.summary);
    add("latency", entry.latency_ms == null || entry.circuit === "open" ? "–" : entry.latency_ms + " ms");
    add("circuit", entry.circuit ? entry.circuit.replace("_", " ") : "–");
    add("last ok", ago(entry.last_ok));
    if (entry.url) add("address", entry.url);
    if (entry.error) add("error", entry.error, "error");
    node.append(title, facts);
    if (entry.instances && entry.instances.length > 1) {
      const list = document.createElement("ul");
      list.className = "instances";
      for (const instance of entry.instances) {
        const item = text("li", `${instance.url} · ${instance.status} · circuit ${instance.circuit.replace("_", " ")}`);
        item.dataset.status = instance.status;
        list.append(item);
      }
      node.append(list);
    }
    return node;
  }

  function render() {
    if (!report) return;
    $("overall").textContent = report.status;
    $("overall").dataset.status = report.status;
    $("mode").dataset.mode = report.mode;
    $("mode-name").textContent = report.mode;
    $("mode-reason").textContent = report.mode_reason || "";
    $("services").replaceChildren(...Object.entries(report.services).map(([k, v]) => card(k, v)));
    $("dependencies").replaceChildren(...Object.entries(report.dependencies).map(([k, v]) => card(k, v)));
    $("checked").textContent = "updated " + new Date().toLocaleTimeString();
    document.body.classList.remove("stale");
  }

  async function refresh() {
    try {
      const headers = etag ? { "If-None-Match": etag } : {};
      const response = await fetch("/api/v1/health/integration", { headers, cache: "no-cache" });
      if (response.status === 200) {
        etag = response.headers.get("ETag");
        report = await response.json();
      } else if (response.status !== 304) {
        throw new Error("status " + response.status);
      }
      render();
    } catch (e) {
      document.body.classList.add("stale");
      $("checked").textContent = "cannot reach the coordinator (" + e.message + "); retrying";
    } finally {
      setTimeout(refresh, REFRESH_MS);
    }
  }

  refresh();
})();
