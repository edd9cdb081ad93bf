/*
 * Wrike Pane embed loader (/embed.js): puts the Wrike Pane view into any page. No dependencies.
 *
 *   <script src="https://<relay>/embed.js" async></script>
 *   <div data-wrike-pane="tasks" data-theme="dark"></div>
 *
 * data-wrike-pane: "tasks" (my open tasks), "work" (the same, grouped by due date) or "profile".
 * data-theme: "light" or "dark" (default: the visitor's system setting when the pane is mounted).
 * Containers added later are found by themselves; WrikePane.mount(element) mounts one explicitly.
 *
 * The container receives DOM events (CustomEvent, they bubble): "wrike-pane:ready" (detail
 * { signedIn, view }), "wrike-pane:signed-in", "wrike-pane:signed-out" and "wrike-pane:task-open"
 * (detail { id, permalink }). The iframe sizes itself to its content.
 *
 * Security: messages are accepted only from the relay's exact origin (the origin this script was
 * loaded from) and only from the iframe this loader made for that container; anything else, or any
 * message of an unknown shape, is ignored. Nothing here ever sees a token: the frame keeps its own.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.src) return; // only works as <script src>: that URL names the relay
  var origin = new URL(script.src).origin;
  if (window.WrikePane && window.WrikePane.origin === origin) return; // loaded twice

  var VIEWS = ["tasks", "work", "profile"];
  var EVENTS = ["wrike-pane:ready", "wrike-pane:signed-in", "wrike-pane:signed-out", "wrike-pane:task-open"];
  var MIN_HEIGHT = 80;
  var MAX_HEIGHT = 20000;
  /** Mounted panes: { container, iframe }. */
  var panes = [];

  function mount(container) {
    if (!(container instanceof HTMLElement)) throw new TypeError("WrikePane.mount needs an element");
    for (var i = 0; i < panes.length; i++) if (panes[i].container === container) return panes[i].iframe;
    // A container taken out of the page and put back keeps its iframe: adopt it, do not add another.
    var own = container.querySelector(":scope > iframe[data-wrike-pane-frame]");
    if (own) {
      panes.push({ container: container, iframe: own });
      return own;
    }
    var view = container.getAttribute("data-wrike-pane");
    if (VIEWS.indexOf(view) < 0) view = "tasks";
    var theme = container.getAttribute("data-theme");
    if (theme !== "light" && theme !== "dark") {
      theme = window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
    }
    var iframe = document.createElement("iframe");
    iframe.src = origin + "/embed?view=" + encodeURIComponent(view) + "&theme=" + encodeURIComponent(theme);
    iframe.title = "Wrike Pane";
    iframe.setAttribute("data-wrike-pane-frame", "");
    // The pane learns this page's origin from the referrer, to address its messages to it exactly.
    iframe.referrerPolicy = "origin";
    iframe.style.cssText = "display:block;width:100%;border:0;height:" + MIN_HEIGHT + "px";
    container.appendChild(iframe);
    panes.push({ container: container, iframe: iframe });
    return iframe;
  }

  function scan(root) {
    if (!(root instanceof Element)) return;
    if (root instanceof HTMLElement && root.hasAttribute("data-wrike-pane")) mount(root);
    var found = root.querySelectorAll("[data-wrike-pane]");
    for (var i = 0; i < found.length; i++) if (found[i] instanceof HTMLElement) mount(found[i]);
  }

  function paneOf(source) {
    for (var i = 0; i < panes.length; i++) {
      if (!panes[i].iframe.isConnected) panes.splice(i--, 1);
      else if (source !== null && panes[i].iframe.contentWindow === source) return panes[i];
    }
    return null;
  }

  /** Only known fields of known types go into an event's detail. */
  function detailOf(type, detail) {
    var d = detail && typeof detail === "object" ? detail : {};
    if (type === "wrike-pane:ready") {
      if (typeof d.signedIn !== "boolean" || VIEWS.indexOf(d.view) < 0) return null;
      return { signedIn: d.signedIn, view: d.view };
    }
    if (type === "wrike-pane:task-open") {
      if (typeof d.id !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(d.id)) return null;
      var link = typeof d.permalink === "string" && /^https?:\/\//.test(d.permalink) ? d.permalink : null;
      return { id: d.id, permalink: link };
    }
    return {};
  }

  window.addEventListener("message", function (e) {
    if (e.origin !== origin) return;
    var pane = paneOf(e.source);
    var data = e.data;
    if (!pane || !data || typeof data !== "object" || typeof data.type !== "string") return;
    if (data.type === "wrike-pane:resize") {
      var h = data.height;
      if (typeof h !== "number" || !isFinite(h)) return;
      pane.iframe.style.height = Math.round(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, h))) + "px";
      return;
    }
    if (EVENTS.indexOf(data.type) < 0) return;
    var detail = detailOf(data.type, data.detail);
    if (detail === null) return;
    pane.container.dispatchEvent(new CustomEvent(data.type, { detail: detail, bubbles: true }));
  });

  function start() {
    scan(document.documentElement);
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        var r = records[i];
        if (r.type === "attributes") scan(r.target);
        for (var j = 0; j < r.addedNodes.length; j++) scan(r.addedNodes[j]);
      }
    }).observe(document.documentElement, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["data-wrike-pane"],
    });
  }

  window.WrikePane = { origin: origin, mount: mount };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
