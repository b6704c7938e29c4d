/* newsgraph UI, watching the news (issue 18): the alerts page, the feeds page with each feed's health,
 * and a watch toggle on each dossier.
 *
 * Loaded before app.js; app.js hands it the routes it claims (#/alerts, #/feeds). The toggle is added
 * to any dossier app.js renders (a MutationObserver on #view), so the dossier code stays untouched.
 * Same safety rules and helpers as app.js (dom.js): text only through textContent, http(s) links only.
 * Writes (watch an actor, follow a feed) send the server's token as a Bearer header; it is asked for
 * once unless given on the Review page, and kept in sessionStorage (a cookie never counts for a write). */
"use strict";

(function () {
  const { el, clear, safeUrl, enc, pct, token } = window.newsgraphDom; // dom.js

  async function call(method, path, body) {
    const headers = { Accept: "application/json" };
    if (method !== "GET") {
      if (!token.get()) token.set((window.prompt("The server's token (given to `newsgraph serve --token`):") || "").trim());
      headers.Authorization = "Bearer " + token.get();
      if (body !== undefined) headers["Content-Type"] = "application/json";
    }
    const res = await fetch("/api/" + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const data = await res.json();
    if (!res.ok) {
      if (res.status === 401) token.set("");
      const e = data && data.error ? data.error : { code: "?", message: res.statusText, hint: "" };
      throw new Error(e.code + ": " + e.message + (e.hint ? " (" + e.hint + ")" : ""));
    }
    return data;
  }

  // ------------------------------------------------------------------ alerts page
  async function showAlerts(view) {
    const data = await call("GET", "alerts", undefined);
    const groups = new Map();
    for (const a of data.alerts) {
      if (!groups.has(a.entity)) groups.set(a.entity, { name: a.actor, items: [] });
      groups.get(a.entity).items.push(a);
    }
    clear(view);
    view.appendChild(el("div", { class: "watch-alerts" },
      el("h2", {}, "Alerts (" + data.total + ")"),
      el("p", { class: "meta" }, "New facts about the actors you watch, newest first. ",
        el("a", { href: "/alerts.atom" }, "Atom feed"), " for a feed reader."),
      data.total ? null : el("p", { class: "empty" }, "no alerts yet: watch an actor from its dossier"),
      [...groups.entries()].map(([eid, g]) => el("section", { class: "alert-group", "data-actor": eid },
        el("h3", {}, el("a", { href: "#/actor/" + enc(eid) }, g.name), " (" + g.items.length + ")"),
        el("ol", { class: "alert-list" }, g.items.map((a) => el("li", { class: "alert kind-" + a.kind + (a.hedged ? " hedged" : "") },
          el("span", { class: "alert-kind" }, a.kind), " ", el("strong", {}, a.statement),
          a.sentence ? el("blockquote", { class: "sentence-quote" }, a.sentence) : null,
          el("p", { class: "meta" },
            [a.publisher || a.title || a.document, a.published, a.voice || a.source, "confidence " + pct(a.confidence),
              (a.corroboration || 1) + " independent source(s)", a.list ? "list " + a.list : null, a.created_at]
              .filter(Boolean).join(" · "), " ",
            el("a", { href: a.link, class: "evidence-link" }, "evidence"), " ",
            safeUrl(a.url) ? el("a", { href: safeUrl(a.url), rel: "noopener noreferrer nofollow", target: "_blank" }, "original") : null))))))));
  }

  // ------------------------------------------------------------------ feeds page
  async function showFeeds(view) {
    const data = await call("GET", "feeds", undefined);
    const msg = el("p", { class: "meta", role: "status" });
    const url = el("input", { type: "url", name: "url", placeholder: "https://example.org/feed.xml", required: true, maxlength: 4000 });
    const name = el("input", { type: "text", name: "name", placeholder: "name (optional)", maxlength: 300 });
    const form = el("form", { class: "feed-add", onsubmit: async (ev) => {
      ev.preventDefault();
      try {
        await call("POST", "feeds", { url: url.value.trim(), name: name.value.trim() || null });
        await showFeeds(view);
      } catch (err) { msg.textContent = String(err.message || err); }
    } }, url, " ", name, " ", el("button", { type: "submit" }, "Follow"));
    clear(view);
    view.appendChild(el("div", { class: "watch-feeds" },
      el("h2", {}, "Feeds (" + data.total + ")"),
      el("table", { class: "feeds" },
        el("thead", {}, el("tr", {}, ["name", "health", "last poll", "failures in a row", "articles", "item failures", "last error"]
          .map((h) => el("th", {}, h)))),
        el("tbody", {}, data.feeds.map((f) => el("tr", { class: "health-" + f.health, "data-feed": f.id },
          el("td", {}, safeUrl(f.url) ? el("a", { href: safeUrl(f.url), rel: "noopener noreferrer nofollow" }, f.name || f.url) : (f.name || f.url)),
          el("td", {}, el("span", { class: "health" }, f.health)),
          el("td", {}, f.last_poll || "never"),
          el("td", {}, String(f.failures)),
          el("td", {}, String(f.ingested)),
          el("td", {}, String(f.item_failures)),
          el("td", { class: "error-text" }, f.last_error || ""))))),
      form, msg));
  }

  // ------------------------------------------------------------------ the dossier's watch toggle
  async function addToggle(dossier) {
    const id = dossier.getAttribute("data-actor");
    const h2 = dossier.querySelector("h2");
    if (!id || !h2 || dossier.querySelector(".watch-toggle")) return;
    const button = el("button", { type: "button", class: "watch-toggle", "aria-pressed": "false" }, "Watch");
    const note = el("span", { class: "meta watch-note", role: "status" });
    h2.after(el("p", { class: "watch-bar" }, button, " ", note));
    let watched = false;
    const render = () => {
      button.textContent = watched ? "Watching ✓ (stop)" : "Watch";
      button.setAttribute("aria-pressed", watched ? "true" : "false");
    };
    try {
      watched = (await call("GET", "watchlist", undefined)).watched.includes(id);
      render();
    } catch (_e) { /* the toggle stays "Watch" */ }
    button.addEventListener("click", async () => {
      note.textContent = "";
      try {
        if (watched) await call("DELETE", "watchlist/" + enc(id), undefined);
        else await call("POST", "watchlist", { actor: id });
        watched = !watched;
        render();
        note.textContent = watched ? "alerts on new facts about this actor from now on" : "no longer watched";
      } catch (err) { note.textContent = String(err.message || err); }
    });
  }

  function watchDossiers() {
    const view = document.getElementById("view");
    if (!view) return;
    new MutationObserver(() => {
      view.querySelectorAll(".dossier[data-actor]").forEach((d) => { addToggle(d); });
    }).observe(view, { childList: true, subtree: false });
  }

  window.newsgraphWatch = {
    handles: (name) => name === "alerts" || name === "feeds",
    show: (parts, view) => (parts[0] === "alerts" ? showAlerts(view) : showFeeds(view)),
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watchDossiers);
  else watchDossiers();
})();
