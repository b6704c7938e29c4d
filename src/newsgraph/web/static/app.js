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

  // ------------------------------------------------------------------ DOM helpers
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }
  const clear = (node) => { while (node.firstChild) node.removeChild(node.firstChild); };
  const enc = encodeURIComponent;

  function safeUrl(u) {
    try {
      const url = new URL(u);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (_e) { return null; }
  }

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
  const pct = (x) => Math.round((x || 0) * 100) + "%";

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

  // ------------------------------------------------------------------ network
  const TYPE_COLORS = { person: "#2f6db3", organization: "#d9822b", location: "#3a9a5b", group: "#8a5bb0", other: "#888" };
  const CATEGORY_COLORS = { role: "#6b6b6b", tie: "#8a5bb0" };
  const EVENT_COLORS = {
    AGREE: "#2e8b57", CONSULT: "#4682b4", SUPPORT: "#3cb371", CONCEDE: "#66a3a3", COOPERATE: "#1e90ff", AID: "#20b2aa",
    RETREAT: "#9acd32", REQUEST: "#b8860b", ACCUSE: "#cd5c5c", REJECT: "#c0392b", THREATEN: "#e67e22", PROTEST: "#d35400",
    SANCTION: "#8e44ad", MOBILIZE: "#a0522d", COERCE: "#b03060", ASSAULT: "#8b0000",
  };
  const networkFilters = { as_of: "", since: "", until: "", type: "", source: "", hideHedged: false, min_confidence: 0 };

  function filterPanel(types) {
    const f = networkFilters;
    const input = (id, label, type, key, extra) => el("label", { for: id }, label,
      el("input", Object.assign({ id, type, value: f[key], onchange: (ev) => { f[key] = ev.target.value; loadGraph(); } }, extra || {})));
    const typeSel = el("select", { id: "f-type", onchange: (ev) => { f.type = ev.target.value; loadGraph(); } },
      el("option", { value: "" }, "all"),
      el("optgroup", { label: "roles and ties" }, ["role"].concat(types.tie).map((t) => el("option", { value: t }, t.replace(/_/g, " ")))),
      el("optgroup", { label: "events (PLOVER)" }, types.event.map((t) => el("option", { value: t }, t))));
    typeSel.value = f.type;
    const srcSel = el("select", { id: "f-source", onchange: (ev) => { f.source = ev.target.value; loadGraph(); } },
      ["", "reporter", "anonymous", "named"].map((s) => el("option", { value: s }, s || "any")));
    srcSel.value = f.source;
    const confOut = el("output", { id: "f-conf-out" }, pct(f.min_confidence));
    const hedged = el("input", { id: "hide-hedged", type: "checkbox", onchange: (ev) => { f.hideHedged = ev.target.checked; loadGraph(); } });
    hedged.checked = f.hideHedged;
    return el("aside", { class: "filters", "aria-label": "filters" },
      el("h3", {}, "Filters"),
      input("f-asof", "As of", "date", "as_of"),
      input("f-since", "From", "date", "since"),
      input("f-until", "To", "date", "until"),
      el("label", { for: "f-type" }, "Type", typeSel),
      el("label", { for: "f-source" }, "Source", srcSel),
      el("label", { for: "hide-hedged", class: "check" }, hedged, " hide hedged"),
      el("label", { for: "f-conf" }, "Min. confidence ", confOut,
        el("input", { id: "f-conf", type: "range", min: 0, max: 1, step: 0.05, value: f.min_confidence,
          oninput: (ev) => { confOut.textContent = pct(ev.target.value); },
          onchange: (ev) => { f.min_confidence = Number(ev.target.value); loadGraph(); } })),
      el("h3", {}, "Legend"),
      el("ul", { class: "legend" },
        Object.entries(TYPE_COLORS).slice(0, 3).map(([t, c]) => el("li", {}, el("span", { class: "swatch sw-" + t }), t)),
        el("li", {}, el("span", { class: "line solid" }), "confidence ≥ 80%"),
        el("li", {}, el("span", { class: "line dashed" }), "60–80%"),
        el("li", {}, el("span", { class: "line dotted" }), "below 60%"),
        el("li", {}, "node size: prominence")),
      el("p", { id: "edge-detail", class: "edge-detail" }));
  }

  async function showNetwork() {
    clear(view);
    const graph = el("div", { id: "cy", "aria-label": "actor network" });
    const info = el("p", { id: "graph-status", class: "graph-status" }, "loading…");
    let types = { tie: ["member_of", "part_of", "ally_of", "rival_of", "sponsor_of"], event: Object.keys(EVENT_COLORS) };
    view.appendChild(el("div", { class: "network-layout" }, filterPanel(types), el("section", { class: "graph-wrap" }, info, graph)));
    await loadGraph();
  }

  async function loadGraph() {
    const f = networkFilters;
    const info = document.getElementById("graph-status");
    const box = document.getElementById("cy");
    if (!box) return;
    let data;
    try {
      data = await api("network", { as_of: f.as_of, since: f.since, until: f.until, type: f.type ? [f.type] : null,
        source: f.source ? [f.source] : null, hedged: f.hideHedged ? "false" : null,
        min_confidence: f.min_confidence > 0 ? f.min_confidence : null });
    } catch (err) { info.textContent = String(err.message); return; }
    data.nodes.forEach((n) => { state.entities[n.id] = { name: n.name, type: n.type }; });
    const hedgedCount = data.edges.filter((e) => e.hedged).length;
    info.textContent = data.nodes.length + " actors · " + data.edges.length + " links" +
      (hedgedCount ? " (" + hedgedCount + " hedged)" : "") + (f.as_of ? " · as of " + f.as_of : "");
    info.dataset.nodes = data.nodes.length;
    info.dataset.edges = data.edges.length;
    info.dataset.hedged = hedgedCount;
    if (typeof window.cytoscape !== "function") {
      info.textContent += " · Cytoscape.js is not installed (run make web-deps)";
      return;
    }
    const elements = data.nodes.map((n) => ({ group: "nodes", data: { id: n.id, label: n.name, type: n.type, prominence: n.prominence, mentions: n.mentions } }))
      .concat(data.edges.map((e) => ({ group: "edges", data: {
        id: e.id, source: e.source, target: e.target, label: e.label, category: e.category, kind: e.kind,
        confidence: e.confidence, hedged: e.hedged, sentence: e.sentence, document: e.document, date: e.date,
        color: e.category === "event" ? (EVENT_COLORS[e.kind] || "#555") : CATEGORY_COLORS[e.category],
        conf: confClass(e.confidence) } })));
    if (state.cy) state.cy.destroy();
    state.cy = window.cytoscape({
      container: box,
      elements,
      style: [
        { selector: "node", style: {
          label: "data(label)", "font-size": "mapData(prominence, 0, 1, 9, 15)", "min-zoomed-font-size": 4,
          "text-valign": "bottom", "text-margin-y": 3, color: "#222", "text-wrap": "wrap", "text-max-width": 120,
          "text-outline-color": "#fff", "text-outline-width": 2,
          width: "mapData(prominence, 0, 1, 14, 64)", height: "mapData(prominence, 0, 1, 14, 64)",
          "background-color": (n) => TYPE_COLORS[n.data("type")] || "#888" } },
        { selector: "edge", style: {
          width: 2, "line-color": "data(color)", "target-arrow-color": "data(color)", "target-arrow-shape": "triangle",
          "curve-style": "bezier", "arrow-scale": 0.8, opacity: 0.85 } },
        { selector: "edge[category = 'role']", style: { "target-arrow-shape": "diamond", width: 3 } },
        { selector: "edge[category = 'tie']", style: { "target-arrow-shape": "tee", width: 3 } },
        { selector: "edge[conf = 'mid']", style: { "line-style": "dashed" } },
        { selector: "edge[conf = 'low']", style: { "line-style": "dotted" } },
        { selector: "edge[?hedged]", style: { opacity: 0.55 } },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#111" } },
      ],
      layout: { name: data.nodes.length > 1 ? "cose" : "grid", animate: false, randomize: false, nodeRepulsion: () => 300000,
        nodeOverlap: 20, idealEdgeLength: () => 70, gravity: 1.5, componentSpacing: 40, nodeDimensionsIncludeLabels: true,
        numIter: 1500, padding: 20 },
    });
    state.cy.on("tap", "node", (ev) => { location.hash = "#/actor/" + enc(ev.target.id()); });
    state.cy.on("tap", "edge", (ev) => {
      const d = ev.target.data();
      const box2 = document.getElementById("edge-detail");
      clear(box2);
      box2.appendChild(el("span", {}, nameOf(d.source) + " — " + d.label + " — " + nameOf(d.target)));
      box2.appendChild(el("blockquote", { class: "sentence-quote" }, d.sentence));
      box2.appendChild(el("a", { href: "#/doc/" + enc(d.document) }, "open the document"));
    });
  }

  // ------------------------------------------------------------------ dossier
  async function showActor(id) {
    const d = await api("actors/" + enc(id));
    Object.assign(state.entities, d.entities);
    const a = d.actor;
    clear(view);
    const names = el("table", { class: "names" },
      el("thead", {}, el("tr", {}, el("th", {}, "name"), el("th", {}, "kind"), el("th", {}, "mentions"), el("th", {}, "where seen"))),
      el("tbody", {}, d.names.map((n) => el("tr", {},
        el("td", {}, n.name), el("td", {}, n.kinds.join(", ")), el("td", {}, String(n.mentions)),
        el("td", {}, el("ul", { class: "seen" }, n.seen.map((s) => el("li", {},
          el("a", { href: "#/doc/" + enc(s.document) + "/" + s.sentence }, (s.title || s.document) + ", sentence " + (s.sentence + 1)),
          s.text ? el("span", { class: "snippet" }, " “" + s.text + "”") : null))))))));
    const section = (title, items, render, empty) => el("section", { class: "dossier-part", id: "dossier-" + title.toLowerCase() },
      el("h3", {}, title + " (" + items.length + ")"),
      items.length ? items.map((x) => render(x, d.entities)) : el("p", { class: "empty" }, empty));
    view.appendChild(el("div", { class: "dossier", "data-actor": a.id },
      el("h2", { id: "dossier-name" }, a.name),
      el("p", { class: "meta" }, a.type + (a.subtype ? " (" + a.subtype + ")" : "") + " · " + a.mention_count + " mentions in " +
        a.documents + " document" + (a.documents === 1 ? "" : "s") + " · id " + a.id),
      el("section", { class: "dossier-part" }, el("h3", {}, "Names"), names),
      section("Roles", d.roles, roleCard, "no roles reported"),
      section("Ties", d.ties, tieCard, "no standing ties reported"),
      section("Events", d.events, eventCard, "no events reported")));
  }

  // ------------------------------------------------------------------ timeline
  const timelineFilters = { type: "", source: "", hideHedged: false, since: "", until: "" };
  async function showTimeline() {
    const f = timelineFilters;
    const data = await api("events", { type: f.type ? [f.type] : null, source: f.source ? [f.source] : null,
      hedged: f.hideHedged ? "false" : null, since: f.since, until: f.until });
    Object.assign(state.entities, data.entities);
    clear(view);
    const typeSel = el("select", { id: "t-type", onchange: (ev) => { f.type = ev.target.value; showTimeline().catch(showError); } },
      el("option", { value: "" }, "all types"), Object.keys(EVENT_COLORS).map((t) => el("option", { value: t }, t)));
    typeSel.value = f.type;
    const srcSel = el("select", { id: "t-source", onchange: (ev) => { f.source = ev.target.value; showTimeline().catch(showError); } },
      ["", "reporter", "anonymous", "named"].map((s) => el("option", { value: s }, s || "any source")));
    srcSel.value = f.source;
    const hedged = el("input", { id: "t-hide-hedged", type: "checkbox", onchange: (ev) => { f.hideHedged = ev.target.checked; showTimeline().catch(showError); } });
    hedged.checked = f.hideHedged;
    const groups = new Map();
    data.events.forEach((e) => {
      const key = e.date ? e.date.slice(0, 7) : "undated";
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(e);
    });
    view.appendChild(el("div", { class: "timeline" },
      el("h2", {}, "Timeline of events"),
      el("div", { class: "inline-filters" }, typeSel, srcSel,
        ["since", "until"].map((k) => el("label", { for: "t-" + k }, k === "since" ? "from " : "to ",
          el("input", { id: "t-" + k, type: "date", value: f[k], onchange: (ev) => { f[k] = ev.target.value; showTimeline().catch(showError); } }))), el("label", { for: "t-hide-hedged", class: "check" }, hedged, " hide hedged"),
        el("span", { class: "count" }, data.total + " events")),
      Array.from(groups.entries()).map(([k, evs]) => el("section", { class: "period" },
        el("h3", { class: "period-label" }, k), evs.map((e) => eventCard(e, data.entities))))));
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
    const data = await api("search", { q });
    const words = (q.match(/[\p{L}\p{N}_]+/gu) || []).filter((w) => w.length > 1);
    clear(view);
    view.appendChild(el("div", { class: "search-results" },
      el("h2", {}, "Search: ", el("q", {}, q)),
      el("h3", {}, "Actors (" + data.actors.length + ")"),
      el("ul", {}, data.actors.map((a) => el("li", {}, actorLink(a.id, { [a.id]: a }),
        el("span", { class: "meta" }, " · " + a.type + " · " + a.mention_count + " mentions" +
          (a.aliases.some((x) => x !== a.name) ? " · also " + a.aliases.filter((x) => x !== a.name).join(", ") : ""))))),
      el("h3", {}, "Sentences (" + data.sentences.length + ")"),
      el("ul", { class: "sentence-hits" }, data.sentences.map((s) => el("li", {},
        el("blockquote", { class: "sentence-quote" }, highlight(s.text, words)),
        el("a", { href: "#/doc/" + enc(s.document) + "/" + s.sentence }, (s.title || s.document) + (s.published ? ", " + s.published : "")))))));
  }

  // ------------------------------------------------------------------ routing
  async function route() {
    const parts = (location.hash || "#/network").slice(2).split("/").map(decodeURIComponent);
    document.querySelectorAll("nav a").forEach((a) => a.classList.toggle("active", a.dataset.view === parts[0]));
    try {
      if (parts[0] === "actor" && parts[1]) await showActor(parts[1]);
      else if (parts[0] === "timeline") await showTimeline();
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
    statusBar.textContent = c.documents + " documents · " + c.entities + " actors · " + c.roles + " roles · " + c.ties + " ties · " + c.events + " events";
  }).catch(() => {});
  route();
})();
