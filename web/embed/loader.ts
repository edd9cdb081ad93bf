// The embed loader, served as /embed.js: puts the Wrike Pane view into any page (built to one classic script).
/*
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
 *
 * scripts/embed-loader.ts bundles this file (and what it uses of ./messages.ts and ./params.ts) into an
 * IIFE: a classic script, so that document.currentScript names the relay, with nothing left global
 * but window.WrikePane.
 */
import { RESIZE_MESSAGE, type HostEventDetails, type HostEventType } from "./messages.ts";
import { EMBED_VIEWS, type EmbedView } from "./params.ts";

export interface WrikePaneApi {
  /** The relay this loader came from. */
  origin: string;
  /** Mounts the pane in `container` (once: a second call returns the same iframe). */
  mount(container: HTMLElement): HTMLIFrameElement;
}

declare global {
  interface Window {
    WrikePane?: WrikePaneApi;
  }
}

const MIN_HEIGHT = 80;
const MAX_HEIGHT = 20000;

type Fields = Record<string, unknown>;
const isView = (v: unknown): v is EmbedView => (EMBED_VIEWS as readonly unknown[]).includes(v);

/** Only known fields of known types go into an event's detail; null drops the message. */
const DETAIL: { [T in HostEventType]: (d: Fields) => HostEventDetails[T] | null } = {
  "wrike-pane:ready": (d) =>
    typeof d.signedIn === "boolean" && isView(d.view) ? { signedIn: d.signedIn, view: d.view } : null,
  "wrike-pane:signed-in": () => ({}),
  "wrike-pane:signed-out": () => ({}),
  "wrike-pane:task-open": (d) =>
    typeof d.id === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(d.id)
      ? {
          id: d.id,
          permalink: typeof d.permalink === "string" && /^https?:\/\//.test(d.permalink) ? d.permalink : null,
        }
      : null,
};

const isEvent = (type: string): type is HostEventType => Object.prototype.hasOwnProperty.call(DETAIL, type);

function start(origin: string): void {
  /** Mounted panes. */
  const panes: { container: HTMLElement; iframe: HTMLIFrameElement }[] = [];

  function mount(container: HTMLElement): HTMLIFrameElement {
    if (!(container instanceof HTMLElement)) throw new TypeError("WrikePane.mount needs an element");
    const known = panes.find((p) => p.container === container);
    if (known) return known.iframe;
    // A container taken out of the page and put back keeps its iframe: adopt it, do not add another.
    const own = container.querySelector<HTMLIFrameElement>(":scope > iframe[data-wrike-pane-frame]");
    if (own) {
      panes.push({ container, iframe: own });
      return own;
    }
    const asked = container.getAttribute("data-wrike-pane");
    const view = isView(asked) ? asked : "tasks";
    let theme = container.getAttribute("data-theme");
    if (theme !== "light" && theme !== "dark") {
      theme = window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
    }
    const iframe = document.createElement("iframe");
    iframe.src = `${origin}/embed?view=${encodeURIComponent(view)}&theme=${encodeURIComponent(theme)}`;
    iframe.title = "Wrike Pane";
    iframe.setAttribute("data-wrike-pane-frame", "");
    // The pane learns this page's origin from the referrer, to address its messages to it exactly.
    iframe.referrerPolicy = "origin";
    iframe.style.cssText = `display:block;width:100%;border:0;height:${MIN_HEIGHT}px`;
    container.appendChild(iframe);
    panes.push({ container, iframe });
    return iframe;
  }

  function scan(root: Node): void {
    if (!(root instanceof Element)) return;
    if (root instanceof HTMLElement && root.hasAttribute("data-wrike-pane")) mount(root);
    for (const found of root.querySelectorAll("[data-wrike-pane]")) {
      if (found instanceof HTMLElement) mount(found);
    }
  }

  /** The pane whose iframe `source` is; forgets panes whose iframe left the page. */
  function paneOf(source: MessageEventSource | null) {
    for (let i = 0; i < panes.length; i++) {
      if (!panes[i]!.iframe.isConnected) panes.splice(i--, 1);
      else if (source !== null && panes[i]!.iframe.contentWindow === source) return panes[i]!;
    }
    return null;
  }

  window.addEventListener("message", (e) => {
    if (e.origin !== origin) return;
    const pane = paneOf(e.source);
    const data: unknown = e.data;
    if (!pane || !data || typeof data !== "object") return;
    const { type, height, detail } = data as Fields;
    if (type === RESIZE_MESSAGE) {
      if (typeof height !== "number" || !isFinite(height)) return;
      pane.iframe.style.height = `${Math.round(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, height)))}px`;
      return;
    }
    if (typeof type !== "string" || !isEvent(type)) return;
    const clean = DETAIL[type](detail && typeof detail === "object" ? (detail as Fields) : {});
    if (clean === null) return;
    pane.container.dispatchEvent(new CustomEvent(type, { detail: clean, bubbles: true }));
  });

  function watch(): void {
    scan(document.documentElement);
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === "attributes") scan(r.target);
        for (const node of r.addedNodes) scan(node);
      }
    }).observe(document.documentElement, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["data-wrike-pane"],
    });
  }

  window.WrikePane = { origin, mount };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
}

// Only as <script src>: that URL names the relay. Loaded twice from the same relay: once is enough.
const script = document.currentScript;
if (script instanceof HTMLScriptElement && script.src) {
  const origin = new URL(script.src).origin;
  if (window.WrikePane?.origin !== origin) start(origin);
}
