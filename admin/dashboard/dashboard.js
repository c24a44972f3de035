// The tonic admin dashboard: polls /debug/dashboard/data, /debug/requests
// and /debug/connections every second and redraws. No inline script or
// style: the page runs under script-src 'self'; style-src 'self'.
"use strict";

(function () {
  const POLL_MS = 1000;
  const KEEP = 600; // samples per server: ten minutes, as the server keeps
  const COLORS = ["#0b62c4", "#cf222e", "#1a7f37", "#8250df", "#b35900", "#0598a0", "#6e7781"];

  // samples[server] is the list of samples of one server, oldest first.
  const samples = new Map();
  let lastT = 0;
  const charts = new Map();

  const $ = (id) => document.getElementById(id);

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function fmtBytes(v) {
    if (v == null) return "–";
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let i = 0;
    while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i === 0 ? v.toFixed(0) : v.toFixed(v < 10 ? 1 : 0)) + " " + units[i];
  }
  function fmtMs(v) {
    if (v == null) return "–";
    if (v >= 1000) return (v / 1000).toFixed(v >= 10000 ? 0 : 1) + " s";
    if (v >= 1) return v.toFixed(v >= 100 ? 0 : 1) + " ms";
    if (v > 0) return (v * 1000).toFixed(0) + " µs";
    return "0";
  }
  function fmtNum(v) {
    if (v == null) return "–";
    if (Math.abs(v) >= 1e6) return (v / 1e6).toFixed(1) + "M";
    if (Math.abs(v) >= 1e4) return (v / 1e3).toFixed(0) + "k";
    return Number.isInteger(v) ? String(v) : v.toFixed(1);
  }
  function fmtClock(unixSeconds) {
    const d = new Date(unixSeconds * 1000);
    const two = (n) => String(n).padStart(2, "0");
    return two(d.getHours()) + ":" + two(d.getMinutes()) + ":" + two(d.getSeconds());
  }
  function fmtAge(seconds) {
    if (seconds < 1) return (seconds * 1000).toFixed(0) + " ms";
    if (seconds < 60) return seconds.toFixed(1) + " s";
    const m = Math.floor(seconds / 60);
    return m + "m" + Math.floor(seconds % 60) + "s";
  }

  // The charts: process charts draw the first server's samples (the
  // numbers are the process's); server charts draw each server's.
  const CHARTS = [
    { id: "memory", title: "Memory", fmt: fmtBytes, process: true, series: [
      ["RSS (OS)", (s) => s.rss], ["heap in use", (s) => s.heap_in_use],
      ["heap idle", (s) => s.heap_idle], ["heap released", (s) => s.heap_released]] },
    { id: "gc", title: "GC pause (longest in the second)", fmt: fmtMs, process: true, series: [
      ["pause", (s) => s.gc_pause_max_ms]] },
    { id: "goroutines", title: "Goroutines", fmt: fmtNum, process: true, series: [
      ["goroutines", (s) => s.goroutines]] },
    { id: "rps", title: "Requests per second", fmt: fmtNum, series: [["", (s) => s.requests]] },
    { id: "errors", title: "Errors per second", fmt: fmtNum, series: [
      ["5xx", (s) => s.errors], ["abandoned (499)", (s) => s.abandoned]] },
    { id: "latency", title: "Latency (log scale)", fmt: fmtMs, log: true, series: [
      ["p50", (s) => (s.requests && s.p50_ms > 0 ? s.p50_ms : null)], ["p99", (s) => (s.requests && s.p99_ms > 0 ? s.p99_ms : null)]] },
    { id: "inflight", title: "In-flight requests", fmt: fmtNum, series: [["", (s) => s.in_flight]] },
    { id: "oldest", title: "Oldest in-flight request", fmt: fmtMs, series: [["", (s) => s.oldest_ms]] },
    { id: "connections", title: "Open connections", fmt: fmtNum, series: [["", (s) => s.connections]] },
    { id: "shed", title: "Shed per second", fmt: fmtNum, hideUntilNonZero: true, series: [["", (s) => s.shed]] },
  ];

  // columns returns the x values (Unix seconds) and, for each series of
  // def, its values, aligned on the second.
  function columns(def, servers) {
    const secs = new Set();
    for (const name of servers) for (const s of samples.get(name)) secs.add(Math.round(s.t / 1000));
    const xs = Array.from(secs).sort((a, b) => a - b);
    const index = new Map(xs.map((x, i) => [x, i]));
    const labels = [];
    const data = [xs];
    for (const name of servers) {
      for (const [label, get] of def.series) {
        const col = new Array(xs.length).fill(null);
        for (const s of samples.get(name)) col[index.get(Math.round(s.t / 1000))] = get(s);
        labels.push(def.process ? label : (label ? name + " " + label : name));
        data.push(col);
      }
    }
    return { labels, data };
  }

  function powersOfTen(u, splits) {
    return splits.map((v) => (v > 0 && Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9 ? v : null));
  }

  function chartWidth(box) { return Math.max(300, box.clientWidth - 8); }

  function makeChart(def, labels, data) {
    const box = el("div", null, "chart");
    box.id = "chart-" + def.id;
    $("charts").appendChild(box);
    const opts = {
      title: def.title, width: chartWidth(box), height: 170,
      scales: { x: { time: true }, y: def.log ? { distr: 3, log: 10 } : { range: (u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
      axes: [{ space: 70, values: (u, vals) => vals.map(fmtClock) }, {
        size: 64, values: (u, vals) => vals.map((v) => (v == null ? "" : def.fmt(v))),
        // On a log scale, only the powers of ten get a label, a tick and a line.
        filter: def.log ? powersOfTen : undefined,
        grid: def.log ? { filter: powersOfTen } : undefined,
        ticks: def.log ? { filter: powersOfTen } : undefined,
      }],
      series: [{}].concat(labels.map((label, i) => ({
        label, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: false, points: { show: false },
        value: (u, v) => def.fmt(v),
      }))),
    };
    const u = new uPlot(opts, data, box);
    return { u, box, labels: labels.join("\n") };
  }

  function drawCharts(servers) {
    if (servers.length === 0) return;
    for (const def of CHARTS) {
      const shown = def.process ? servers.slice(0, 1) : servers;
      const { labels, data } = columns(def, shown);
      let c = charts.get(def.id);
      if (c && c.labels !== labels.join("\n")) { c.u.destroy(); c.box.remove(); c = undefined; }
      if (!c) { c = makeChart(def, labels, data); charts.set(def.id, c); } else c.u.setData(data);
      if (def.hideUntilNonZero) {
        const any = data.slice(1).some((col) => col.some((v) => v > 0));
        c.box.classList.toggle("hidden", !any);
      }
    }
  }

  function resize() {
    for (const c of charts.values()) c.u.setSize({ width: chartWidth(c.box), height: 170 });
  }

  function drawHeader(d) {
    $("service").textContent = d.service;
    $("version").textContent = d.version;
    $("pid").textContent = d.pid;
    $("start").textContent = new Date(d.start_time).toLocaleString();
    $("uptime").textContent = d.uptime;
    document.title = d.service + " · tonic dashboard";
    const badge = $("readiness");
    const state = d.draining ? "draining" : d.ready ? "ready" : "starting";
    badge.textContent = state === "draining" ? "DRAINING" : state === "ready" ? "ready" : "not ready";
    badge.className = "badge " + state;
  }

  function stat(value, label, id) {
    const box = el("div", null, "stat");
    const b = el("b", value);
    if (id) b.id = id;
    box.append(b, el("span", label));
    return box;
  }

  function drawSummary(d) {
    const box = $("summary");
    const out = [];
    for (const srv of d.servers) {
      const list = samples.get(srv.name);
      const last = list[list.length - 1];
      out.push(stat(fmtNum(srv.stats.requests), srv.name + ": requests served", "served-" + srv.name));
      if (last) {
        out.push(stat(fmtNum(last.requests), srv.name + ": requests/s", "rps-" + srv.name));
        out.push(stat(fmtNum(last.in_flight), srv.name + ": in flight", "inflight-" + srv.name));
      }
    }
    const first = d.servers.length ? samples.get(d.servers[0].name) : [];
    const p = first[first.length - 1];
    if (p) {
      out.push(stat(fmtBytes(p.rss), "RSS", "stat-rss"));
      out.push(stat(fmtBytes(p.heap_in_use), "heap in use", "stat-heap"));
      out.push(stat(fmtNum(p.goroutines), "goroutines", "stat-goroutines"));
    }
    box.replaceChildren(...out);
  }

  function emptyRow(cols, text) {
    const tr = el("tr");
    const td = el("td", text, "empty");
    td.colSpan = cols;
    tr.appendChild(td);
    return tr;
  }

  function row(cells) {
    const tr = el("tr");
    for (const c of cells) {
      if (c instanceof Node) { const td = el("td"); td.appendChild(c); tr.appendChild(td); continue; }
      const [text, cls] = Array.isArray(c) ? c : [c, ""];
      tr.appendChild(el("td", text, cls));
    }
    return tr;
  }

  function cancelButton(id) {
    const b = el("button", "cancel");
    b.type = "button";
    b.dataset.requestId = id;
    b.title = "DELETE /debug/requests/" + id;
    b.addEventListener("click", async () => {
      b.disabled = true;
      b.textContent = "canceling…";
      try {
        const res = await fetch("/debug/requests/" + encodeURIComponent(id), { method: "DELETE" });
        b.textContent = res.ok ? "canceled" : "gone";
      } catch (e) {
        b.textContent = "failed";
      }
    });
    return b;
  }

  function drawRequests(reqs) {
    const tbody = $("requests").tBodies[0];
    $("inflight-count").textContent = "(" + reqs.length + ")";
    if (reqs.length === 0) { tbody.replaceChildren(emptyRow(8, "none")); return; }
    // Keep the button of a request being canceled.
    const pending = new Map();
    for (const b of tbody.querySelectorAll("button[disabled]")) pending.set(b.dataset.requestId, b);
    tbody.replaceChildren(...reqs.map((q) => {
      const hist = (q.history || []).map((h) => h.status).join(" → ") || q.status || "";
      return row([q.server, q.method, [q.route, "mono"], [q.uri, "mono"], [fmtAge(q.age_seconds), "num"],
        hist, [q.id, "mono"], pending.get(q.id) || cancelButton(q.id)]);
    }));
  }

  function drawConnections(conns) {
    const tbody = $("connections").tBodies[0];
    $("conn-count").textContent = "(" + conns.length + ")";
    if (conns.length === 0) { tbody.replaceChildren(emptyRow(7, "none")); return; }
    tbody.replaceChildren(...conns.map((c) => row([c.server, [c.remote_addr, "mono"], [c.local_addr, "mono"],
      c.tls ? "yes" : "", c.state, [c.age, "num"], [c.requests, "num"]])));
  }

  function drawRoutes(servers) {
    const tbody = $("routes").tBodies[0];
    const rows = [];
    for (const srv of servers) {
      for (const r of srv.routes) {
        rows.push(row([srv.name, [r.route, "mono"], [fmtNum(r.requests), "num"], [fmtNum(r.errors), "num"],
          [fmtMs(r.mean_ms), "num"], [fmtMs(r.max_ms), "num"]]));
      }
    }
    tbody.replaceChildren(...(rows.length ? rows : [emptyRow(6, "no requests yet")]));
  }

  function merge(d) {
    for (const srv of d.servers) {
      let list = samples.get(srv.name);
      if (!list) { list = []; samples.set(srv.name, list); }
      for (const s of srv.samples) {
        list.push(s);
        lastT = Math.max(lastT, s.t);
      }
      if (list.length > KEEP) list.splice(0, list.length - KEEP);
    }
  }

  async function getJSON(url) {
    const res = await fetch(url, { cache: "no-store" });
    if (!res.ok) throw new Error(url + ": " + res.status + " " + res.statusText);
    return res.json();
  }

  async function poll() {
    try {
      const [d, reqs, conns] = await Promise.all([
        getJSON("/debug/dashboard/data" + (lastT ? "?since=" + lastT : "")),
        getJSON("/debug/requests"),
        getJSON("/debug/connections"),
      ]);
      merge(d);
      drawHeader(d);
      drawSummary(d);
      drawCharts(d.servers.map((s) => s.name));
      drawRequests(reqs);
      drawConnections(conns);
      drawRoutes(d.servers);
      $("error").classList.add("hidden");
      document.body.dataset.polls = String(Number(document.body.dataset.polls || 0) + 1);
    } catch (e) {
      const box = $("error");
      box.textContent = "Cannot reach the admin listener: " + e.message;
      box.classList.remove("hidden");
    }
    setTimeout(poll, POLL_MS);
  }

  window.addEventListener("resize", resize);
  poll();
})();
