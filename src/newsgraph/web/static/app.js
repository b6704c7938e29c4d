/* newsgraph UI: hash-routed views over the JSON API.
 *
 * Safety: every piece of data (article text, titles, names, sentences) reaches the page through
 * textContent or text nodes; innerHTML is never used. Links to articles are followed only for
 * http(s) URLs. The page runs under a Content-Security-Policy without inline script or style. */
"use strict";

(function () {
  const view = document.getElementById("view");
  const statusBar = document.getElementById("status");
  const state = { cy: null, entities: {} };
  window.newsgraph = state; // for the browser tests and the console

  const { el, clear, safeUrl, enc, pct, token } = window.newsgraphDom; // dom.js

  async function api(path, params) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
      if (v === null || v === undefined || v === "" || v === false && k !== "hedged") continue;
      if (Array.isArray(v)) v.forEach((x) => qs.append(k, x)); else qs.append(k, v);
    }
    const url = "/api/" + path + (qs.toString() ? "?" + qs : "");
    const res = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await res.json();
    if (!res.ok) {
      const e = body && body.error ? body.error : { code: "?", message: res.statusText, hint: "" };
      throw new Error(e.code + ": " + e.message + (e.hint ? " (" + e.hint + ")" : ""));
    }
    return body;
  }

  // writes: the server's token, kept for this tab only (sessionStorage), sent as a Bearer header
  const tokenOf = token.get;
  async function post(path, body) {
    const res = await fetch("/api/" + path, { method: "POST", headers: { "Content-Type": "application/json",
      Accept: "application/json", Authorization: "Bearer " + tokenOf() }, body: JSON.stringify(body || {}) });
    const out = await res.json();
    if (!res.ok) {
      const e = out && out.error ? out.error : { code: "?", message: res.statusText, hint: "" };
      throw new Error(e.code + ": " + e.message + (e.hint ? " (" + e.hint + ")" : ""));
    }
    return out;
  }
  function tokenBox() {
    const input = el("input", { id: "review-token", type: "password", autocomplete: "off", value: tokenOf(), placeholder: "the server's token",
      onchange: (ev) => token.set(ev.target.value.trim()) });
    return el("label", { for: "review-token", class: "token" }, "Token (writes need it) ", input);
  }
  function say(box, text, bad) { clear(box); box.appendChild(el("p", { class: bad ? "error" : "ok", role: bad ? "alert" : "status" }, text)); }

  function showError(err) {
    clear(view);
    view.appendChild(el("div", { class: "error", role: "alert" }, String(err.message || err)));
  }

  function nameOf(id, refs) {
    const e = (refs && refs[id]) || state.entities[id];
    return e ? e.name : id;
  }
  function actorLink(id, refs) {
    if (!id) return el("span", { class: "unknown" }, "?");
    const e = (refs && refs[id]) || state.entities[id] || {};
    return el("a", { href: "#/actor/" + enc(id), class: "actor t-" + (e.type || "other"), "data-actor": id }, nameOf(id, refs));
  }
  function actorList(ids, refs) {
    if (typeof ids === "string") ids = [ids];
    if (!ids || !ids.length) return [el("span", { class: "unknown", title: "not named in the sentence" }, "(unnamed)")];
    const out = [];
    ids.forEach((id, i) => { if (i) out.push(", "); out.push(actorLink(id, refs)); });
    return out;
  }

  function voice(att) {
    if (!att) return "";
    let s = att.source === "named" ? "said by " + nameOf(att.speaker) : att.source === "anonymous" ? "unnamed source" : "reporter";
    if (att.source_text && att.source !== "reporter") s += " (" + att.source_text + ")";
    if (att.hedged) s += " · hedged" + (att.hedge_cue ? ": “" + att.hedge_cue + "”" : "");
    return s;
  }

  function evidenceList(fact) {
    return el("ul", { class: "evidence-list" }, (fact.evidence || []).map((ev) =>
      el("li", { class: "evidence" + (ev.attribution && ev.attribution.hedged ? " hedged" : "") },
        el("blockquote", { class: "sentence-quote" }, ev.text),
        el("div", { class: "cite" },
          el("a", { href: "#/doc/" + enc(ev.document) + "/" + ev.sentence, class: "evidence-link", "data-document": ev.document, "data-sentence": ev.sentence },
            (ev.publisher || ev.title || ev.document) + (ev.published ? ", " + ev.published : "")),
          " · ", voice(ev.attribution), " · confidence ", pct(ev.confidence)))));
  }

  function factMeta(f) {
    return el("div", { class: "meta" },
      el("span", { class: "conf " + confClass(f.confidence) }, "confidence " + pct(f.confidence)),
      " · ", (f.corroboration || 1) + " source" + ((f.corroboration || 1) > 1 ? "s" : ""),
      " · ", voice(f.attribution),
      f.date ? " · " + f.date : "");
  }
  const confClass = (c) => (c >= 0.8 ? "high" : c >= 0.6 ? "mid" : "low");

  function eventCard(e, refs) {
    return el("article", { class: "fact event" + (e.hedged ? " hedged" : ""), "data-fact": e.id },
      el("h4", {},
        el("span", { class: "kind k-" + e.type }, e.type + (e.negated ? " (negated)" : "")), " ",
        actorList(e.source, refs), " → ", actorList(e.target, refs),
        e.location ? [" in ", actorLink(e.location, refs)] : null,
        e.time ? el("span", { class: "when" }, " " + e.time) : null),
      factMeta(e), evidenceList(e));
  }
  function roleCard(r, refs) {
    return el("article", { class: "fact role" + (r.hedged ? " hedged" : ""), "data-fact": r.id },
      el("h4", {}, el("span", { class: "when" }, r.since || r.date || "undated"), " ",
        actorLink(r.person, refs), ": ", el("strong", {}, r.title), " of ", actorLink(r.organization, refs),
        el("span", { class: "status s-" + r.status }, " (" + r.status + (r.until ? " until " + r.until : "") + ")")),
      factMeta(r), evidenceList(r));
  }
  function tieCard(t, refs) {
    return el("article", { class: "fact tie" + (t.hedged ? " hedged" : ""), "data-fact": t.id },
      el("h4", {}, actorLink(t.source, refs), " ", el("span", { class: "kind k-" + t.kind }, t.kind.replace(/_/g, " ")), " ",
        actorLink(t.target, refs)),
      factMeta(t), evidenceList(t));
  }

  // ------------------------------------------------------------------ views' state in the URL
  // "#/network?since=2023&type=ASSAULT": every view's filters live in the hash, so a view can be
  // shared, survives a reload, and back/forward step through the filters applied.
  function hashParams() {
    const h = location.hash || "";
    const i = h.indexOf("?");
    return new URLSearchParams(i >= 0 ? h.slice(i + 1) : "");
  }
  function go(view, params) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v === null || v === undefined || v === "" || v === false) continue;
      if (Array.isArray(v)) v.forEach((x) => qs.append(k, x)); else qs.set(k, v);
    }
    location.hash = "#/" + view + (qs.toString() ? "?" + qs : "");
  }
  const fromParams = (p, keys) => Object.fromEntries(keys.map((k) => [k, p.get(k) || ""]));
  // a total the API could only bound (total_exact: false, e.g. sentences beyond the count cap) reads
  // "at least M": never shown as if it were the true number
  const ofTotal = (total, exact) => (exact === false ? "at least " : "") + total;
  function pager(total, offset, limit, onGo, what, exact) {
    const first = total ? offset + 1 : 0, last = Math.min(total, offset + limit);
    return el("div", { class: "pager", role: "navigation", "aria-label": what + " pages" },
      el("span", { class: "count", "data-total": total, "data-total-exact": exact === false ? "false" : "true" },
        first + "–" + last + " of " + ofTotal(total, exact) + " " + what),
      el("button", { type: "button", class: "prev", disabled: offset <= 0 ? true : null, onclick: () => onGo(Math.max(0, offset - limit)) }, "‹ previous"),
      // a lower bound may have more beyond it: "next" stays open until a page comes back short
      el("button", { type: "button", class: "next", disabled: last >= total && (exact !== false || last < offset + limit) ? true : null, onclick: () => onGo(offset + limit) }, "next ›"));
  }

  // ------------------------------------------------------------------ network
  const TYPE_COLORS = { person: "#2f6db3", organization: "#d9822b", location: "#3a9a5b", group: "#8a5bb0", other: "#888" };
  const TYPE_SHAPES = { person: "ellipse", organization: "round-rectangle", location: "triangle", group: "hexagon", other: "diamond" };
  const TYPE_WORDS = { person: "person", organization: "organisation", location: "place", group: "group", other: "other" };
  const TIE_COLORS = { member_of: "#6a3d9a", part_of: "#9467bd", ally_of: "#17becf", rival_of: "#e377c2", sponsor_of: "#bcbd22" };
  const EVENT_COLORS = {
    AGREE: "#2e8b57", CONSULT: "#4682b4", SUPPORT: "#3cb371", CONCEDE: "#66a3a3", COOPERATE: "#1e90ff", AID: "#20b2aa",
    RETREAT: "#9acd32", REQUEST: "#b8860b", ACCUSE: "#cd5c5c", REJECT: "#c0392b", THREATEN: "#e67e22", PROTEST: "#d35400",
    SANCTION: "#8e44ad", MOBILIZE: "#a0522d", COERCE: "#b03060", ASSAULT: "#8b0000",
  };
  const ROLE_COLOR = "#6b6b6b";
  const edgeColor = (e) => (e.category === "role" ? ROLE_COLOR : e.category === "tie" ? (TIE_COLORS[e.kind] || "#777") : (EVENT_COLORS[e.kind] || "#555"));
  const NET_KEYS = ["as_of", "since", "until", "type", "source", "hedged", "top", "expand", "focus"];
  const words = (k) => k.replace(/_/g, " ").toLowerCase();

  function shapeIcon(type) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "16"); svg.setAttribute("height", "16"); svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("aria-hidden", "true");
    const shapes = { person: ["circle", { cx: 8, cy: 8, r: 7 }], organization: ["rect", { x: 1, y: 3, width: 14, height: 10, rx: 3 }],
      location: ["polygon", { points: "8,1 15,15 1,15" }], group: ["polygon", { points: "4,1 12,1 15,8 12,15 4,15 1,8" }],
      other: ["polygon", { points: "8,1 15,8 8,15 1,8" }] };
    const [tag, attrs] = shapes[type] || shapes.other;
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    node.setAttribute("fill", TYPE_COLORS[type] || "#888");
    svg.appendChild(node);
    return svg;
  }
  function lineIcon(color) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "26"); svg.setAttribute("height", "8"); svg.setAttribute("aria-hidden", "true");
    const l = document.createElementNS(ns, "line");
    [["x1", 0], ["y1", 4], ["x2", 26], ["y2", 4], ["stroke", color], ["stroke-width", 3]].forEach(([k, v]) => l.setAttribute(k, String(v)));
    svg.appendChild(l);
    return svg;
  }

  function legend() {
    return el("div", { class: "legend-box" },
      el("h3", {}, "Legend"),
      el("ul", { class: "legend", "aria-label": "actor types" },
        Object.keys(TYPE_SHAPES).map((t) => el("li", { "data-type": t }, shapeIcon(t), TYPE_WORDS[t]))),
      el("ul", { class: "legend", "aria-label": "link colours" },
        el("li", {}, lineIcon(ROLE_COLOR), "role (person → organisation)"),
        Object.entries(TIE_COLORS).map(([k, c]) => el("li", {}, lineIcon(c), "tie: " + words(k))),
        Object.entries(EVENT_COLORS).map(([k, c]) => el("li", {}, lineIcon(c), "event: " + words(k)))),
      el("p", { class: "meta" }, "Node size: prominence (mentions and links). Line width: evidence items."));
  }

  function filterForm(f) {
    const input = (id, label, type, key, extra) => el("label", { for: id }, label,
      el("input", Object.assign({ id, name: key, type, value: f[key] }, extra || {})));
    const typeSel = el("select", { id: "f-type", name: "type" },
      el("option", { value: "" }, "all"),
      el("optgroup", { label: "roles and ties" }, ["role"].concat(Object.keys(TIE_COLORS)).map((t) => el("option", { value: t }, words(t)))),
      el("optgroup", { label: "events (PLOVER)" }, Object.keys(EVENT_COLORS).map((t) => el("option", { value: t }, words(t)))));
    typeSel.value = f.type;
    const srcSel = el("select", { id: "f-source", name: "source" },
      [["", "any"], ["reporter", "the reporter"], ["anonymous", "unnamed sources"], ["named", "a named source"]].map(([v, l]) => el("option", { value: v }, l)));
    srcSel.value = f.source;
    const hedSel = el("select", { id: "f-hedged", name: "hedged" },
      [["", "hedged or not"], ["false", "hide hedged"], ["true", "only hedged"]].map(([v, l]) => el("option", { value: v }, l)));
    hedSel.value = f.hedged;
    const form = el("form", { id: "net-filters", class: "filters", "aria-label": "network filters" },
      el("h3", {}, "Filters"),
      input("f-since", "From", "date", "since"), input("f-until", "To", "date", "until"), input("f-asof", "As of", "date", "as_of"),
      el("label", { for: "f-type" }, "Type", typeSel),
      el("label", { for: "f-source" }, "Said by", srcSel),
      el("label", { for: "f-hedged" }, "Hedging", hedSel),
      input("f-top", "Actors shown", "number", "top", { min: 10, max: 2000, step: 10 }),
      el("button", { type: "submit", id: "apply-filters" }, "Apply"), " ",
      el("button", { type: "button", id: "reset-filters", onclick: () => go("network", {}) }, "Reset"));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const data = new FormData(form);
      const p = {};
      for (const k of ["since", "until", "as_of", "type", "source", "hedged", "top"]) p[k] = data.get(k) || "";
      if (p.top === "150") p.top = "";
      go("network", p);
    });
    return form;
  }

  // The network is drawn in slices, each in its own task after the browser has drawn the last one, so
  // that the page keeps answering while it appears (no task over 200 ms with 150 actors and their
  // links on a busy laptop): one task makes the empty view, then nodes and links are added a slice at a
  // time. Positions come from the server (no layout runs here) and the view is fitted by arithmetic on
  // them (cy.fit would measure every label first). Style is plain data and selectors (no function
  // per element), so cytoscape computes it once per kind of node.
  const SLICE = { first: 20, min: 20, max: 400, ms: 100 };
  const frame = () => new Promise((ok) => {
    let done = false;
    const next = () => { if (!done) { done = true; setTimeout(ok, 0); } };
    requestAnimationFrame(next);
    setTimeout(next, 100); // a hidden tab draws no frames
  });
  // Style is selectors on a few small data values (a size step, a colour key, a width step), never a
  // function or a per-element value: cytoscape computes a style once per combination, not per element.
  // Labels: the 40 most prominent actors at any zoom; every actor once zoomed in (LABEL_ZOOM) or chosen.
  const SIZE_STEPS = 8, WIDTH_STEPS = 6, LABEL_ZOOM = 1.5;
  const NODE_STYLE = [
    { selector: "node", style: { width: 12, height: 12, label: "", "font-size": 12, "text-valign": "bottom", "text-margin-y": 2,
      color: "#111", "text-outline-color": "#fff", "text-outline-width": 2 } },
  ].concat(
    Object.keys(TYPE_SHAPES).map((t) => ({ selector: 'node[type = "' + t + '"]', style: { shape: TYPE_SHAPES[t], "background-color": TYPE_COLORS[t] } })),
    Array.from({ length: SIZE_STEPS + 1 }, (_, k) => ({ selector: "node[size = " + k + "]", style: { width: 12 + 4 * k, height: 12 + 4 * k } })),
    [{ selector: "node[always = 1], node:selected, node.named", style: { label: "data(label)" } },
      { selector: "node[always = 1]", style: { "font-weight": 600 } },
      { selector: "edge", style: { width: 1, "line-color": "#555", "curve-style": "haystack", opacity: 0.55 } }],
    Array.from({ length: WIDTH_STEPS }, (_, k) => ({ selector: "edge[w = " + (k + 1) + "]", style: { width: k + 1 } })),
    [["role", ROLE_COLOR]].concat(Object.entries(TIE_COLORS), Object.entries(EVENT_COLORS)).map(([k, c]) => ({ selector: 'edge[ck = "' + k + '"]', style: { "line-color": c } })),
    [{ selector: ".faded", style: { opacity: 0.12 } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#111" } }]);
  const colourKey = (e) => (e.category === "role" ? "role" : (e.category === "tie" ? TIE_COLORS : EVENT_COLORS)[e.kind] ? e.kind : "other");

  // long names cut here, once (cytoscape's own ellipsis measures the text again on every change)
  const shortName = (s) => (s.length > 28 ? s.slice(0, 27).trimEnd() + "…" : s);

  // The server's positions scaled to fill the view at zoom 1, where node sizes and labels are as
  // written above (readable); no bounding-box pass over the drawn elements (cy.fit measures every label).
  function placed(nodes, width, height, pad) {
    let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
    nodes.forEach((n) => { x1 = Math.min(x1, n.x); y1 = Math.min(y1, n.y); x2 = Math.max(x2, n.x); y2 = Math.max(y2, n.y); });
    const k = Math.min((width - 2 * pad) / Math.max(1, x2 - x1), (height - 2 * pad) / Math.max(1, y2 - y1));
    const scale = Number.isFinite(k) && k > 0 ? k : 1;
    return (n) => ({ x: width / 2 + (n.x - (x1 + x2) / 2) * scale, y: height / 2 + (n.y - (y1 + y2) / 2) * scale });
  }

  // the empty view, made while the server answers (the library's first use costs most)
  // the empty view, made while the server answers
  function makeGraph(container) {
    return window.cytoscape({ container, elements: [], style: NODE_STYLE, pixelRatio: 1, textureOnViewport: true, motionBlur: false });
  }

  async function drawNetwork(cy, data) {
    const maxW = Math.max(1, ...data.edges.map((e) => e.weight));
    const labelled = new Set(data.nodes.slice(0, 40).map((n) => n.id));
    const at = placed(data.nodes, cy.width(), cy.height(), 40); // sizes read when cy was made
    const nodeEls = data.nodes.map((n) => ({ group: "nodes", position: at(n), data: {
      id: n.id, name: n.name, label: shortName(n.name), type: TYPE_SHAPES[n.type] ? n.type : "other", prominence: n.prominence,
      size: Math.round(SIZE_STEPS * Math.min(1, Math.max(0, n.prominence))), mentions: n.mentions, always: labelled.has(n.id) ? 1 : 0 } }));
    const edgeEls = data.edges.map((e) => ({ group: "edges", data: { id: e.id, source: e.source, target: e.target, kind: e.kind,
      category: e.category, weight: e.weight, ck: colourKey(e), w: Math.max(1, Math.round(WIDTH_STEPS * Math.sqrt(e.weight / maxW))) } }));
    cy.viewport({ zoom: 1, pan: { x: 0, y: 0 } });
    // Slices adapt to the machine: each aims at SLICE.ms for adding it and drawing the frame after it
    // (a busy machine gets smaller slices, an idle one fewer). The first is small: the library's first
    // frame also pays for its warming up. Nodes come first, so a slice never holds a link before its ends.
    const all = nodeEls.concat(edgeEls);
    let size = SLICE.first, took = SLICE.ms;
    for (let i = 0; i < all.length; i += size) {
      const t0 = performance.now();
      if (i) size = Math.round(Math.min(SLICE.max, Math.max(SLICE.min, size * Math.min(2, Math.max(0.5, SLICE.ms / took)))));
      if (state.cy !== cy || cy.destroyed() || !cy.container().isConnected) return null;
      cy.add(all.slice(i, i + size));
      await frame();
      took = performance.now() - t0;
    }
    if (state.cy !== cy || cy.destroyed()) return null;
    cy.resize(); // the container may have moved since cy was made (the status line above it grew): pointer positions
    return cy;
  }

  async function showNetwork() {
    const f = fromParams(hashParams(), NET_KEYS);
    if (!f.top) f.top = "150";
    if (state.cy) state.cy.destroy(); // the last view's drawing, and any slices of it still to come
    state.cy = null;
    clear(view);
    const graph = el("div", { id: "cy", "aria-hidden": "true" });
    const info = el("p", { id: "graph-status", class: "graph-status", role: "status" }, "loading…");
    const find = el("form", { id: "find-form", class: "find", role: "search", "aria-label": "find an actor in the graph" },
      el("label", { for: "find-actor" }, "Find an actor "),
      el("input", { id: "find-actor", list: "graph-names", autocomplete: "off", placeholder: "name" }),
      el("datalist", { id: "graph-names" }),
      el("button", { type: "submit" }, "Find"));
    const detail = el("div", { id: "node-detail", class: "node-detail", "aria-live": "polite" });
    const list = el("section", { id: "graph-list", class: "graph-list", "aria-label": "actors in the graph, as a list" },
      el("h3", {}, "Actors in the graph"), el("ol", { id: "graph-list-items" }));
    view.appendChild(el("div", { class: "network-layout" },
      el("div", { class: "side" }, filterForm(f), legend()),
      el("section", { class: "graph-wrap" }, el("div", { class: "graph-bar" }, info, find), graph, detail, list)));
    const params = { as_of: f.as_of, since: f.since, until: f.until, type: f.type ? [f.type] : null,
      source: f.source ? [f.source] : null, hedged: f.hedged || null, top: f.top, expand: f.expand ? f.expand.split(",") : null };
    const drawing = typeof window.cytoscape === "function";
    const current = () => graph.isConnected; // false once another view replaced this one
    const answer = api("network", params);
    answer.catch(() => {}); // (its error is shown below)
    await frame(); // the page's layout first, in its own task (the graph reads its container's size)
    if (!current()) return;
    const cy = drawing ? (state.cy = makeGraph(graph)) : null;
    let data;
    try { data = await answer; } catch (err) { info.textContent = String(err.message); return; }
    if (!current()) return;
    data.nodes.forEach((n) => { state.entities[n.id] = { name: n.name, type: n.type, label: n.label }; });
    info.textContent = data.nodes.length + " of " + data.total_actors + " linked actors (the most prominent) · " + data.edges.length + " links";
    const names = document.getElementById("graph-names");
    data.nodes.forEach((n) => names.appendChild(el("option", { value: n.name })));
    const degree = {};
    data.edges.forEach((e) => { degree[e.source] = (degree[e.source] || 0) + 1; degree[e.target] = (degree[e.target] || 0) + 1; });
    const items = document.getElementById("graph-list-items");
    data.nodes.forEach((n) => items.appendChild(el("li", {},
      el("button", { type: "button", class: "list-node", "data-node": n.id, onclick: () => selectNode(n.id, true) }, n.name),
      el("span", { class: "meta" }, " " + TYPE_WORDS[n.type] + " · " + (degree[n.id] || 0) + " links shown"))));
    if (!drawing) {
      info.textContent += " · the drawing library is not installed (run make web-deps); the list below shows the actors";
      info.dataset.nodes = data.nodes.length; info.dataset.edges = data.edges.length;
      return;
    }
    if (!await drawNetwork(cy, data)) return; // another view replaced this one while it was drawn
    info.dataset.nodes = data.nodes.length;
    info.dataset.edges = data.edges.length;
    let naming = null; // every actor's name once zoomed in: one restyle when the zoom settles
    cy.on("zoom", () => {
      clearTimeout(naming);
      naming = setTimeout(() => {
        const want = cy.zoom() >= LABEL_ZOOM;
        if (want !== cy.nodes().first().hasClass("named")) cy.nodes().toggleClass("named", want);
      }, 200);
    });
    state.cy.on("tap", "node", (ev) => selectNode(ev.target.id(), false));
    state.cy.on("tap", (ev) => { if (ev.target === state.cy) { state.cy.elements().removeClass("faded"); clear(detail); } });
    find.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const q = document.getElementById("find-actor").value.trim().toLowerCase();
      const hit = data.nodes.find((n) => n.name.toLowerCase() === q) || data.nodes.find((n) => n.name.toLowerCase().includes(q));
      if (hit) selectNode(hit.id, true);
      else { clear(detail); detail.appendChild(el("p", { class: "empty", id: "find-miss" }, "not among the actors shown: try the search above, or show more actors")); }
    });
    if (f.focus) selectNode(f.focus, true);

    function selectNode(id, center) {
      const n = data.nodes.find((x) => x.id === id);
      if (!n) return;
      if (state.cy) {
        const node = state.cy.getElementById(id);
        state.cy.elements().unselect();
        node.select();
        state.cy.elements().addClass("faded");
        node.closedNeighborhood().removeClass("faded");
        if (center) state.cy.animate({ center: { eles: node }, zoom: Math.max(state.cy.zoom(), 1.2) }, { duration: 150 });
      }
      const links = data.edges.filter((e) => e.source === id || e.target === id).sort((a, b) => b.weight - a.weight);
      const expand = (f.expand ? f.expand.split(",") : []).filter((x) => x !== id).concat([id]);
      clear(detail);
      detail.dataset.node = id;
      detail.appendChild(el("div", {},
        el("h3", {}, shapeIcon(n.type), " ", n.name, el("span", { class: "meta" }, " · " + TYPE_WORDS[n.type] + " · " + n.mentions + " mentions")),
        el("p", {}, el("a", { href: "#/actor/" + enc(id) }, "open the dossier"), " · ",
          el("button", { type: "button", id: "expand-node", onclick: () => go("network", Object.assign({}, f, { top: f.top === "150" ? "" : f.top, expand: expand.join(","), focus: id })) }, "Expand its neighbours")),
        el("ul", { class: "links" }, links.slice(0, 12).map((e) => {
          const other = e.source === id ? e.target : e.source;
          return el("li", {}, lineIcon(edgeColor(e)), " ", words(e.kind), e.source === id ? " → " : " ← ",
            el("button", { type: "button", class: "linkish", onclick: () => selectNode(other, true) }, nameOf(other)), " (" + e.weight + ")");
        }))));
    }
  }

  // ------------------------------------------------------------------ dossier
  async function showActor(id) {
    const p = hashParams();
    const offset = Number(p.get("events_offset") || 0);
    const d = await api("actors/" + enc(id), { events_offset: offset, events_limit: 25 });
    Object.assign(state.entities, d.entities);
    const a = d.actor;
    clear(view);
    const sightings = d.names.reduce((s, n) => s + (n.count || 0), 0);
    const names = el("details", { class: "names-box", id: "names-details" },
      el("summary", {}, d.names.length + " name forms, written " + sightings + " times (show where)"),
      el("table", { class: "names" },
        el("thead", {}, el("tr", {}, el("th", {}, "name"), el("th", {}, "kind"), el("th", {}, "times"), el("th", {}, "first seen in"))),
        el("tbody", {}, d.names.map((n) => el("tr", {},
          el("td", {}, n.name), el("td", {}, n.kinds.map(words).join(", ")), el("td", {}, String(n.count)),
          el("td", {}, el("ul", { class: "seen" }, n.seen.map((s) => el("li", {},
            el("a", { href: "#/doc/" + enc(s.document) + "/" + s.sentence }, (s.title || "a document") + ", sentence " + (s.sentence + 1)),
            s.text ? el("span", { class: "snippet" }, " “" + s.text + "”") : null)))))))));
    const ev = d.events_page;
    const section = (key, title, count, items, render, empty, extra) => el("section", { class: "dossier-part", id: "dossier-" + key },
      el("h3", {}, title + " (" + items.length + " of " + count + ")"), extra || null,
      items.length < count && key !== "events" ? el("p", { class: "meta" }, "the " + items.length + " shown are the earliest; the timeline and claims list the rest") : null,
      items.length ? items.map((x) => render(x, d.entities)) : el("p", { class: "empty" }, empty));
    const rolesChart = el("ol", { class: "roles-chart", "aria-label": "roles over time" }, d.roles.map((r) =>
      el("li", { class: "s-" + r.status }, el("span", { class: "when" }, (r.since || r.date || "undated") + (r.until ? " – " + r.until : "")), " ",
        el("strong", {}, r.title), " · ", actorLink(r.person === a.id ? r.organization : r.person, d.entities), " (" + r.status + ")")));
    const eventsPager = pager(ev.total, ev.offset, ev.limit, (o) => go("actor/" + enc(a.id), { events_offset: o }), "events");
    view.appendChild(el("div", { class: "dossier", "data-actor": a.id },
      el("h2", { id: "dossier-name" }, a.name),
      el("p", { class: "meta" }, TYPE_WORDS[a.type] + " · " + a.mentions + " mentions in " + a.documents + " document" + (a.documents === 1 ? "" : "s") +
        (a.first_seen ? " · " + a.first_seen + " – " + a.last_seen : "")),
      el("nav", { class: "jump", "aria-label": "sections" }, [["names", "Names"], ["roles", "Roles"], ["ties", "Ties"], ["events", "Events"], ["review", "Review"]].map(([k, l]) =>
        el("a", { href: "#", "data-jump": "dossier-" + k, onclick: (e) => { e.preventDefault(); document.getElementById("dossier-" + k).scrollIntoView(); } }, l))),
      el("section", { class: "dossier-part", id: "dossier-names" }, el("h3", {}, "Names"), names),
      section("roles", "Roles over time", d.roles_total, d.roles, roleCard, "no roles reported", rolesChart),
      section("ties", "Ties", d.ties_total, d.ties, tieCard, "no standing ties reported"),
      section("events", "Events, newest first", ev.total, d.events, eventCard, "no events reported", eventsPager),
      reviewPanel(a, d.names)));
    if (offset) document.getElementById("dossier-events").scrollIntoView();
  }

  function reviewPanel(a, names) {
    const msg = el("div", { class: "review-msg", id: "review-msg", "aria-live": "polite" });
    const done = (r) => { say(msg, "Decision #" + (r.judgement || (r.judgements || []).join(", #")) + " recorded. It is listed under Review, where it can be undone."); };
    const fail = (e) => say(msg, String(e.message || e), true);
    const others = el("input", { id: "merge-others", placeholder: "names or ids, separated by ;" });
    const nameSel = el("select", { id: "split-name" }, names.map((n) => el("option", { value: n.name }, n.name + " (" + n.count + ")")));
    const preview = el("div", { id: "split-preview", class: "split-preview" });
    const why = el("input", { id: "review-reason", placeholder: "why (kept with the decision)" });
    const aliasIn = el("input", { id: "alias-name", placeholder: "a name" });
    return el("section", { class: "dossier-part review", id: "dossier-review" },
      el("h3", {}, "Review"), tokenBox(), el("label", { for: "review-reason" }, "Reason ", why),
      el("div", { class: "review-row" }, el("label", { for: "merge-others" }, "The same actor as this one: ", others),
        el("button", { type: "button", id: "merge-go", onclick: () => post("review/merge", { keep: a.id, reason: why.value || null,
          others: others.value.split(";").map((x) => x.trim()).filter(Boolean) }).then((r) => { done(r); }).catch(fail) }, "Merge them in")),
      el("div", { class: "review-row" }, el("label", { for: "split-name" }, "Split off those named ", nameSel),
        el("button", { type: "button", id: "split-preview-go", onclick: async () => {
          try {
            const p = await api("review/split-preview", { entity: a.id, name: nameSel.value });
            clear(preview);
            preview.appendChild(el("p", { id: "split-preview-text" }, p.moves + " article actor(s) would move to a new actor, " + p.stays + " stay. In: " +
              p.documents.map((x) => x.title || "a document").slice(0, 5).join("; ")));
            preview.appendChild(el("button", { type: "button", id: "split-go", onclick: () => post("review/split", { entity: a.id, name: nameSel.value, reason: why.value || null })
              .then((r) => { done(r); clear(preview); }).catch(fail) }, "Split them off"));
          } catch (e) { fail(e); }
        } }, "Preview")),
      preview,
      el("div", { class: "review-row" }, el("label", { for: "alias-name" }, "Name ", aliasIn),
        el("button", { type: "button", id: "alias-add", onclick: () => post("review/alias", { entity: a.id, name: aliasIn.value, action: "add", reason: why.value || null }).then(done).catch(fail) }, "Add this name"),
        el("button", { type: "button", id: "alias-remove", onclick: () => post("review/alias", { entity: a.id, name: aliasIn.value || nameSel.value, action: "remove", reason: why.value || null }).then(done).catch(fail) }, "Remove this name")),
      el("div", { class: "review-row" }, el("button", { type: "button", id: "not-actor", onclick: () => post("review/not-actor", { entity: a.id, reason: why.value || null }).then(done).catch(fail) }, "Not an actor")),
      msg);
  }

  // ------------------------------------------------------------------ review: suggestions and decisions
  let reviewNote = null;  // the message of an action whose page is drawn again after it
  const KIND_WORDS = { same: "merged", not_same: "split off", alias_add: "name added", alias_remove: "name removed", not_actor: "not an actor" };
  async function showReview() {
    const f = fromParams(hashParams(), ["offset"]);
    const offset = Number(f.offset || 0);
    clear(view);
    const msg = el("div", { id: "review-msg", "aria-live": "polite" });
    const fail = (e) => say(msg, String(e.message || e), true);
    const queue = el("section", { id: "suggestions", class: "suggestions" }, el("h3", {}, "Merge suggestions"));
    const decisions = el("section", { id: "decisions" }, el("h3", {}, "Decisions"));
    view.appendChild(el("div", { class: "review-page" }, el("h2", {}, "Review"), tokenBox(), msg, queue, decisions));
    if (reviewNote) { say(msg, reviewNote); reviewNote = null; }  // what the last action did, over the redraw
    const feats = await api("review/features");
    if (!feats.suggestions) queue.appendChild(el("p", { class: "empty", id: "no-suggestions" }, "this server offers no merge suggestions"));
    else {
      const s = await api("suggestions", { limit: 50, offset });
      const boxes = [];
      const act = (ids, what) => Promise.all(ids.map((id) => post("suggestions/" + enc(id) + "/" + what, {})))
        .then((rs) => { reviewNote = rs.length + " suggestion(s) " + what + "ed: decision(s) #" + rs.map((r) => r.judgement).join(", #"); route(); }).catch(fail);
      const picked = () => boxes.filter((b) => b.checked).map((b) => b.value);
      queue.appendChild(pager(s.total, offset, 50, (o) => go("review", { offset: o || "" }), "suggestions"));
      queue.appendChild(el("div", { class: "review-row" },
        el("button", { type: "button", id: "accept-selected", onclick: () => act(picked(), "accept") }, "Accept selected"),
        el("button", { type: "button", id: "reject-selected", onclick: () => act(picked(), "reject") }, "Reject selected")));
      queue.appendChild(el("ol", { class: "suggestion-list" }, s.items.map((x) => {
        const box = el("input", { type: "checkbox", value: x.id, "aria-label": x.a.name + " and " + x.b.name });
        boxes.push(box);
        return el("li", { class: "suggestion", "data-id": x.id }, box, " ",
          actorLink(x.a.id, { [x.a.id]: x.a }), " (" + (TYPE_WORDS[x.a.type] || x.a.type) + ") and ", actorLink(x.b.id, { [x.b.id]: x.b }),
          " (" + (TYPE_WORDS[x.b.type] || x.b.type) + ") · score " + Math.round(100 * x.score) + "% · " + x.reasons.join("; ") + " ",
          el("button", { type: "button", class: "accept", onclick: () => act([x.id], "accept") }, "Accept"), " ",
          el("button", { type: "button", class: "reject", onclick: () => act([x.id], "reject") }, "Reject"));
      })));
    }
    const js = await api("judgements", { limit: 100 });
    decisions.appendChild(el("p", { class: "meta" }, js.judgements.length + " of " + js.total + " decisions, newest first"));
    decisions.appendChild(el("ol", { class: "judgement-list" }, js.judgements.map((x) => el("li", { class: "judgement" + (x.undone_at ? " undone" : ""), "data-id": x.id },
      el("strong", {}, "#" + x.id + " " + (KIND_WORDS[x.kind] || words(x.kind))), ": ",
      x.entity_a ? actorLink(x.entity_a, { [x.entity_a]: { name: x.entity_a_name || x.name || "an actor" } }) : "",
      x.entity_b_name ? " / " + x.entity_b_name : "", x.name && x.kind !== "same" ? " “" + x.name + "”" : "",
      el("span", { class: "meta" }, " · by " + x.author + ", " + (x.created_at || "").slice(0, 16).replace("T", " ") + (x.reason ? " · why: " + x.reason : "") +
        (x.undone_at ? " · undone " + x.undone_at.slice(0, 16).replace("T", " ") + (x.undone_by ? " by " + x.undone_by : "") : "")), " ",
      x.undone_at ? null : el("button", { type: "button", class: "undo", onclick: () => post("judgements/" + x.id + "/undo", {}).then(() => route()).catch(fail) }, "Undo")))));
  }

  // ------------------------------------------------------------------ timeline
  const TL_KEYS = ["type", "source", "hedged", "since", "until", "actor", "order", "offset"];
  async function showTimeline() {
    const f = fromParams(hashParams(), TL_KEYS);
    const order = f.order || "desc";
    const offset = Number(f.offset || 0);
    const data = await api("events", { type: f.type ? [f.type] : null, source: f.source ? [f.source] : null,
      hedged: f.hedged || null, since: f.since, until: f.until, actor: f.actor, order, offset, limit: 50, histogram: true });
    Object.assign(state.entities, data.entities);
    clear(view);
    const form = el("form", { id: "tl-filters", class: "inline-filters", "aria-label": "timeline filters" },
      el("label", { for: "t-actor" }, "actor ", el("input", { id: "t-actor", name: "actor", value: f.actor, placeholder: "name or id" })),
      (() => { const s = el("select", { id: "t-type", name: "type" }, el("option", { value: "" }, "all types"), Object.keys(EVENT_COLORS).map((t) => el("option", { value: t }, words(t)))); s.value = f.type; return s; })(),
      (() => { const s = el("select", { id: "t-source", name: "source" }, ["", "reporter", "anonymous", "named"].map((x) => el("option", { value: x }, x || "any source"))); s.value = f.source; return s; })(),
      (() => { const s = el("select", { id: "t-hedged", name: "hedged" }, [["", "hedged or not"], ["false", "hide hedged"], ["true", "only hedged"]].map(([v, l]) => el("option", { value: v }, l))); s.value = f.hedged; return s; })(),
      el("label", { for: "t-since" }, "from ", el("input", { id: "t-since", name: "since", value: f.since, placeholder: "2023 or 2023-06" })),
      el("label", { for: "t-until" }, "to ", el("input", { id: "t-until", name: "until", value: f.until, placeholder: "2024" })),
      (() => { const s = el("select", { id: "t-order", name: "order" }, [["desc", "newest first"], ["asc", "oldest first"]].map(([v, l]) => el("option", { value: v }, l))); s.value = order; return s; })(),
      el("button", { type: "submit" }, "Apply"));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const fd = new FormData(form);
      go("timeline", Object.fromEntries(["actor", "type", "source", "hedged", "since", "until", "order"].map((k) => [k, fd.get(k) || ""])));
    });
    // the time axis: events per month; a click zooms to that year, then to that month
    const hist = Object.entries(data.histogram || {});
    const max = Math.max(1, ...hist.map(([, n]) => n));
    const zoomed = f.since && f.since === f.until;
    const axis = el("div", { class: "time-axis", id: "time-axis", role: "group", "aria-label": "events per month; choose a bar to zoom in" },
      hist.map(([m, n]) => el("button", { type: "button", class: "bar", title: m + ": " + n + " events", "data-month": m,
        onclick: () => { const z = (f.since && f.since.length === 4) ? m : m.slice(0, 4); go("timeline", Object.assign({}, f, { since: z, until: z, offset: "" })); } },
        el("span", { class: "fill", "data-h": Math.round(100 * n / max) }))));
    axis.querySelectorAll(".fill").forEach((s) => { s.style.height = s.dataset.h + "%"; });
    const ticks = el("div", { class: "time-ticks" }, hist.filter(([m], i) => i === 0 || m.endsWith("-01") || i === hist.length - 1).map(([m]) => el("span", {}, m)));
    const groups = new Map();
    data.events.forEach((e) => {
      const key = e.date ? e.date.slice(0, 7) : "undated";
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(e);
    });
    view.appendChild(el("div", { class: "timeline" },
      el("h2", {}, "Timeline of events"), form, axis, ticks,
      zoomed || f.since || f.until ? el("button", { type: "button", id: "zoom-out", onclick: () => go("timeline", Object.assign({}, f, { since: "", until: "", offset: "" })) }, "Zoom out (all dates)") : null,
      pager(data.total, offset, 50, (o) => go("timeline", Object.assign({}, f, { offset: o || "" })), "events", data.total_exact),
      Array.from(groups.entries()).map(([k, evs]) => el("section", { class: "period" },
        el("h3", { class: "period-label" }, k), evs.map((e) => eventCard(e, data.entities))))));
  }

  // ------------------------------------------------------------------ contradictions
  async function showContradictions() {
    const f = fromParams(hashParams(), ["kind", "actor", "offset"]);
    const offset = Number(f.offset || 0);
    const data = await api("contradictions", { kind: f.kind, actor: f.actor, offset, limit: 20 });
    Object.assign(state.entities, data.entities);
    clear(view);
    const kinds = { negation: "stated and denied", role_status: "holds / has left a position", role_holder: "two holders of one office", date: "dated two ways" };
    const side = (label, s) => el("div", { class: "side-" + label },
      el("h4", {}, label.toUpperCase() + ": ", s.category === "role"
        ? [actorLink(s.person, data.entities), " " + s.title + " of ", actorLink(s.organization, data.entities), " (" + s.status + ")"]
        : [actorList(s.source, data.entities), " " + words(s.type || "") + (s.negated ? " (not)" : "") + " ", actorList(s.target, data.entities), s.time ? " [" + s.time + "]" : ""]),
      evidenceList(s));
    view.appendChild(el("div", { class: "contradictions" },
      el("h2", {}, "Contradictions"),
      el("p", { class: "meta" }, "Facts that cannot both hold, both sides kept; nothing is resolved." +
        (data.pending_actors ? " " + data.pending_actors + " actors written recently are still being compared." : "")),
      el("div", { class: "kind-tabs", role: "group", "aria-label": "by kind" },
        el("button", { type: "button", class: f.kind ? "" : "on", onclick: () => go("contradictions", { actor: f.actor }) }, "all"),
        Object.entries(data.groups).map(([k, n]) => el("button", { type: "button", class: f.kind === k ? "on" : "", "data-kind": k,
          onclick: () => go("contradictions", { kind: k, actor: f.actor }) }, (kinds[k] || k) + " (" + n + ")"))),
      f.actor ? el("p", {}, "about ", actorLink(f.actor, data.entities), " · ", el("a", { href: "#/contradictions" }, "all actors")) : null,
      pager(data.total, offset, 20, (o) => go("contradictions", Object.assign({}, f, { offset: o || "" })), "contradictions"),
      el("ol", { class: "contradiction-list" }, data.contradictions.map((c) => el("li", { class: "contradiction", "data-id": c.id },
        el("p", {}, el("strong", {}, kinds[c.kind] || c.kind), " · " + c.reason + " · among the facts of ", actorLink(c.actor, data.entities),
          " (", el("a", { href: "#/contradictions?actor=" + enc(c.actor) }, "all of theirs"), ")"),
        el("details", { class: "sides" }, el("summary", {}, "both sides with their evidence"), side("a", c.a), side("b", c.b)))))));
  }

  // ------------------------------------------------------------------ documents
  async function showDocuments() {
    const data = await api("documents");
    clear(view);
    view.appendChild(el("div", { class: "documents" }, el("h2", {}, "Documents (" + data.total + ")"),
      el("ul", {}, data.documents.map((d) => el("li", {},
        el("a", { href: "#/doc/" + enc(d.id) }, d.title || d.origin || d.id),
        el("span", { class: "meta" }, " · " + [d.publisher, d.published].filter(Boolean).join(", ")))))));
  }

  function renderText(doc, selected) {
    // spans to mark inside sentences: mentions (links to actors), event triggers, hedge and attribution cues
    const marks = [];
    doc.mentions.forEach((m) => marks.push({ start: m.start, end: m.end, cls: "mention t-" + ((doc.entities[m.entity] || {}).type || "other"), entity: m.entity }));
    doc.facts.forEach((f) => (f.triggers || []).forEach(([s, e]) => marks.push({ start: s, end: e, cls: "trigger" })));
    doc.cues.forEach((c) => marks.push({ start: c.start, end: c.end, cls: c.kind === "hedge" ? "cue hedge-cue" : "cue attribution-cue" }));
    const factsBySentence = new Map();
    doc.facts.forEach((f) => { if (!factsBySentence.has(f.sentence)) factsBySentence.set(f.sentence, []); factsBySentence.get(f.sentence).push(f); });
    const text = doc.text;
    const out = el("div", { class: "doc-text", id: "doc-text" });
    let pos = 0;
    doc.sentences.forEach((s) => {
      if (s.start > pos) out.appendChild(document.createTextNode(text.slice(pos, s.start)));
      const facts = factsBySentence.get(s.idx) || [];
      const cls = ["sentence"];
      if (facts.length) cls.push("has-fact");
      if (facts.some((f) => f.hedged)) cls.push("has-hedged");
      if (selected === s.idx) cls.push("selected");
      const span = el("span", { class: cls.join(" "), id: "s-" + s.idx, "data-idx": s.idx,
        title: facts.map((f) => f.category + ": " + f.label).join("; ") || null });
      const inside = marks.filter((m) => m.start < s.end && m.end > s.start);
      const cuts = new Set([s.start, s.end]);
      inside.forEach((m) => { cuts.add(Math.max(m.start, s.start)); cuts.add(Math.min(m.end, s.end)); });
      const points = Array.from(cuts).sort((a, b) => a - b);
      for (let i = 0; i < points.length - 1; i++) {
        const a = points[i], b = points[i + 1];
        const piece = text.slice(a, b);
        const covering = inside.filter((m) => m.start <= a && m.end >= b);
        if (!covering.length) { span.appendChild(document.createTextNode(piece)); continue; }
        const mention = covering.find((m) => m.entity);
        const node = mention
          ? el("a", { href: "#/actor/" + enc(mention.entity), class: covering.map((m) => m.cls).join(" "), "data-actor": mention.entity }, piece)
          : el("mark", { class: covering.map((m) => m.cls).join(" ") }, piece);
        span.appendChild(node);
      }
      out.appendChild(span);
      pos = Math.max(pos, s.end);
    });
    if (pos < text.length) out.appendChild(document.createTextNode(text.slice(pos)));
    return out;
  }

  async function showDocument(id, sentence) {
    const doc = await api("documents/" + enc(id));
    Object.assign(state.entities, doc.entities);
    clear(view);
    const url = safeUrl(doc.url);
    const factList = el("ol", { class: "doc-facts" }, doc.facts.map((f) => el("li", { class: f.hedged ? "hedged" : "" },
      el("a", { href: "#/doc/" + enc(doc.id) + "/" + f.sentence }, f.category + " · " + f.label),
      " ", f.category === "role" ? [actorLink(f.person, doc.entities), " / ", actorLink(f.organization, doc.entities)]
        : [actorList(f.source, doc.entities), " → ", actorList(f.target, doc.entities)],
      el("span", { class: "meta" }, " · " + voice(f.attribution) + " · " + pct(f.confidence)))));
    view.appendChild(el("div", { class: "document-layout" },
      el("article", { class: "document" },
        el("h2", { id: "doc-title" }, doc.title || "(untitled)"),
        el("p", { class: "meta" }, [doc.publisher, doc.published, "version " + doc.version].filter(Boolean).join(" · "), " ",
          url ? el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank" }, "original") : null),
        el("p", { class: "legend-inline" }, el("span", { class: "mention t-person" }, "person"), " ",
          el("span", { class: "mention t-organization" }, "organisation"), " ", el("span", { class: "mention t-location" }, "place"), " ",
          el("mark", { class: "trigger" }, "event"), " ", el("mark", { class: "cue hedge-cue" }, "hedge"), " ",
          el("span", { class: "sentence has-fact" }, "sentence with a fact"), " ", el("span", { class: "sentence selected" }, "evidence")),
        renderText(doc, sentence)),
      el("aside", { class: "doc-side" }, el("h3", {}, "Facts in this document (" + doc.facts.length + ")"), factList)));
    if (sentence !== null) {
      const target = document.getElementById("s-" + sentence);
      if (target) target.scrollIntoView({ block: "center" });
    }
  }

  // ------------------------------------------------------------------ search
  function highlight(text, words) {
    if (!words.length) return [text];
    const re = new RegExp("(" + words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|") + ")", "gi");
    return text.split(re).map((part, i) => (i % 2 ? el("mark", { class: "hit" }, part) : part));
  }
  async function showSearch(q) {
    document.getElementById("search-input").value = q;
    const p = hashParams();
    const f = fromParams(p, ["type", "publisher", "offset"]);
    const offset = Number(f.offset || 0);
    const data = await api("search", { q, type: f.type, publisher: f.publisher, offset, limit: 20 });
    const ws = (q.match(/[\p{L}\p{N}_]+/gu) || []).filter((w) => w.length > 1);
    const again = (extra) => go("search/" + enc(q), Object.assign({ type: f.type, publisher: f.publisher }, extra));
    clear(view);
    const facet = (title, counts, key) => el("div", { class: "facet" }, el("h4", {}, title),
      el("ul", {}, Object.entries(counts || {}).map(([k, n]) => el("li", {},
        el("button", { type: "button", class: "linkish" + (f[key] === k ? " on" : ""), onclick: () => again({ [key]: f[key] === k ? "" : k, offset: "" }) },
          (TYPE_WORDS[k] || k) + " (" + n + ")")))));
    view.appendChild(el("div", { class: "search-results" },
      el("h2", {}, "Search: ", el("q", {}, q)),
      el("aside", { class: "facets" }, facet("Actor type", (data.actor_facets || {}).type, "type"), facet("Publisher", (data.sentence_facets || {}).publisher, "publisher"),
        facet("Year", (data.sentence_facets || {}).year, "year")),
      el("h3", {}, "Actors (" + data.actors.length + " of " + data.actors_total + ")"),
      el("ul", {}, data.actors.map((a) => el("li", {}, actorLink(a.id, { [a.id]: a }),
        el("span", { class: "meta" }, " · " + TYPE_WORDS[a.type] + " · " + a.mention_count + " mentions" +
          (a.aliases.length > 1 ? " · also " + a.aliases.slice(0, 5).join(", ") : ""))))),
      el("h3", {}, "Sentences (" + data.sentences.length + " of " + ofTotal(data.sentences_total, data.sentences_total_exact) + ")"),
      pager(Math.max(data.sentences_total, data.actors_total), offset, 20, (o) => again({ offset: o || "" }), "hits",
        data.sentences_total >= data.actors_total ? data.sentences_total_exact : true),
      el("ul", { class: "sentence-hits" }, data.sentences.map((s) => el("li", {},
        el("blockquote", { class: "sentence-quote" }, highlight(s.text, ws)),
        el("a", { href: "#/doc/" + enc(s.document) + "/" + s.sentence }, (s.title || "a document") + (s.published ? ", " + s.published : "")))))));
  }

  // ------------------------------------------------------------------ routing
  async function route() {
    const parts = (location.hash || "#/network").slice(2).split("?")[0].split("/").map(decodeURIComponent);
    document.querySelectorAll("nav a").forEach((a) => a.classList.toggle("active", a.dataset.view === parts[0]));
    try {
      if (parts[0] === "actor" && parts[1]) await showActor(parts[1]);
      else if (parts[0] === "timeline") await showTimeline();
      else if (parts[0] === "contradictions") await showContradictions();
      else if (parts[0] === "review") await showReview();
      else if (parts[0] === "documents") await showDocuments();
      else if (parts[0] === "doc" && parts[1]) await showDocument(parts[1], parts[2] !== undefined && parts[2] !== "" ? Number(parts[2]) : null);
      else if (parts[0] === "search") await showSearch(parts.slice(1).join("/"));
      else if (window.newsgraphWatch && window.newsgraphWatch.handles(parts[0])) await window.newsgraphWatch.show(parts, view); // watch (issue 18)
      else await showNetwork();
      document.body.dataset.view = parts[0] || "network";
    } catch (err) { showError(err); }
  }

  document.getElementById("search-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = document.getElementById("search-input").value.trim();
    if (q) location.hash = "#/search/" + enc(q);
  });
  window.addEventListener("hashchange", route);
  api("stats").then((s) => {
    const c = s.counts;
    statusBar.textContent = c.documents + " documents · " + (s.actors !== undefined ? s.actors : c.entities) + " actors · " + c.roles + " roles · " + c.ties + " ties · " + c.events + " events";
  }).catch(() => {});
  route();
})();
