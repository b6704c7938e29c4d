/* newsgraph UI: the DOM helpers and the write token, shared by app.js and watch.js (loaded first).
 *
 * Safety: el() puts every piece of data into the page as text (a text node or textContent), never as
 * markup; safeUrl() lets only http(s) links through. */
"use strict";

(function () {
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

  function safeUrl(u) {
    try {
      const url = new URL(u);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (_e) { return null; }
  }

  // the server's token for writes, kept for this tab only (sessionStorage), sent as a Bearer header
  const TOKEN_KEY = "ng-token";
  const token = {
    get: () => sessionStorage.getItem(TOKEN_KEY) || "",
    set: (t) => { if (t) sessionStorage.setItem(TOKEN_KEY, t); else sessionStorage.removeItem(TOKEN_KEY); },
  };

  window.newsgraphDom = Object.freeze({
    el, clear, safeUrl, token,
    enc: encodeURIComponent,
    pct: (x) => Math.round((x || 0) * 100) + "%",
  });
})();
