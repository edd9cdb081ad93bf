// What the embed frame tells the page that embeds it (through /embed.js), and to which origin.
//
// These messages are signals only: never a token, never task content beyond the id a click opened.
// They go to the embedding page's origin, read from location.ancestorOrigins (Chromium, WebKit) or
// document.referrer (the loader asks for `referrerpolicy="origin"`); it is a hint, not a check: the
// relay's frame-ancestors (EMBED_ORIGINS) already decided who may frame this page. With no usable
// origin nothing is posted (never "*").
import type { EmbedView } from "./params.ts";

/** The events the loader (./loader.ts) re-dispatches on the container, each with the detail it carries. */
export interface HostEventDetails {
  "wrike-pane:ready": { signedIn: boolean; view: EmbedView };
  "wrike-pane:signed-in": Record<string, never>;
  "wrike-pane:signed-out": Record<string, never>;
  "wrike-pane:task-open": { id: string; permalink: string | null };
}
export type HostEventType = keyof HostEventDetails;

/** The frame's request to size its iframe. */
export const RESIZE_MESSAGE = "wrike-pane:resize";

export type HostMessage =
  | { type: typeof RESIZE_MESSAGE; height: number }
  | { [T in HostEventType]: { type: T; detail: HostEventDetails[T] } }[HostEventType];

/** An http(s) origin from an origin or URL string; null for "null", opaque or unparsable ones. */
export function httpOrigin(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.origin : null;
  } catch {
    return null;
  }
}

/** The embedding page's origin: the direct parent's, as the browser reports it. */
export function embedderOrigin(
  loc: Pick<Location, "ancestorOrigins"> | undefined,
  referrer: string,
): string | null {
  // ancestorOrigins may be masked ("null") by the iframe's referrer policy; the referrer may then help.
  const ancestors = loc?.ancestorOrigins;
  return httpOrigin(ancestors && ancestors.length > 0 ? ancestors[0] : null) ?? httpOrigin(referrer);
}

/** Posts to the parent page, if framed and its origin is known. */
export class HostChannel {
  readonly #target: Window | null;
  readonly #origin: string | null;
  #lastHeight = -1;

  constructor(win: Window = window) {
    this.#target = win.parent !== win ? win.parent : null;
    this.#origin = this.#target ? embedderOrigin(win.location, win.document.referrer) : null;
  }

  get connected(): boolean {
    return this.#target !== null && this.#origin !== null;
  }

  send(message: HostMessage): void {
    if (!this.#target || !this.#origin) return;
    this.#target.postMessage(message, this.#origin);
  }

  /** Posts the height when it changed (whole pixels). */
  resize(height: number): void {
    const h = Math.ceil(height);
    if (h === this.#lastHeight) return;
    this.#lastHeight = h;
    this.send({ type: RESIZE_MESSAGE, height: h });
  }
}
