// What the embed frame tells the page that embeds it (through /embed.js), and to which origin.
//
// These messages are signals only: never a token, never task content beyond the id a click opened.
// They go to the embedding page's origin, read from location.ancestorOrigins (Chromium, WebKit) or
// document.referrer (the loader asks for `referrerpolicy="origin"`); it is a hint, not a check: the
// relay's frame-ancestors (EMBED_ORIGINS) already decided who may frame this page. With no usable
// origin nothing is posted (never "*").

export type HostMessage =
  | { type: "wrike-pane:resize"; height: number }
  | { type: "wrike-pane:ready"; detail: { signedIn: boolean; view: string } }
  | { type: "wrike-pane:signed-in"; detail: Record<string, never> }
  | { type: "wrike-pane:signed-out"; detail: Record<string, never> }
  | { type: "wrike-pane:task-open"; detail: { id: string; permalink: string | null } };

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
    this.send({ type: "wrike-pane:resize", height: h });
  }
}
