// App-wide status: requests in flight (the progress bar), retry and offline notices, and short news such
// as "3 tasks updated" (one aria-live banner).
import type { AppError } from "../wrike/errors.ts";

export interface Notice {
  error: AppError;
  until: number;
}

export class Status {
  /** Requests in flight. */
  active = $state(0);
  online = $state(typeof navigator === "undefined" ? true : navigator.onLine);
  /** Ticks once a second while a notice shows, so countdowns update. */
  now = $state(Date.now());

  /** Short news for everyone, screen readers included ("3 tasks updated"); cleared after a few seconds. */
  announcement = $state("");

  #notices = $state<Record<string, Notice>>({});
  #tick: ReturnType<typeof setInterval> | undefined;
  #announceTimer: ReturnType<typeof setTimeout> | undefined;

  /** The newest notice, for the banner. */
  readonly notice = $derived.by(() => {
    let best: Notice | null = null;
    for (const n of Object.values(this.#notices)) if (!best || n.until > best.until) best = n;
    return best;
  });

  /** "Wrike is busy, retrying in 4 s" and friends. */
  readonly message = $derived.by(() => {
    if (!this.online)
      return "You are offline. What is on screen stays; Wrike Pane carries on when you are back.";
    const n = this.notice;
    if (!n) return this.announcement;
    const s = Math.max(0, Math.ceil((n.until - this.now) / 1000));
    const when = s > 0 ? `retrying in ${s} s` : "retrying now";
    switch (n.error.code) {
      case "busy":
        return `Wrike is busy, ${when}.`;
      case "unavailable":
        return `Wrike is unavailable, ${when}.`;
      case "offline":
        return `You are offline, ${when}.`;
      default:
        return `Could not reach Wrike Pane's relay, ${when}.`;
    }
  });

  /** Problems are warnings; news is information. */
  readonly tone = $derived<"warning" | "info">(!this.online || this.notice ? "warning" : "info");

  constructor() {
    if (typeof window !== "undefined") {
      window.addEventListener("online", () => (this.online = true));
      window.addEventListener("offline", () => (this.online = false));
    }
  }

  activity = (delta: 1 | -1): void => {
    this.active = Math.max(0, this.active + delta);
  };

  setNotice = (key: string | number, notice: Notice | null): void => {
    const next = { ...this.#notices };
    if (notice) next[key] = notice;
    else delete next[key];
    this.#notices = next;
    const any = Object.keys(next).length > 0;
    if (any && this.#tick === undefined) {
      this.now = Date.now();
      this.#tick = setInterval(() => (this.now = Date.now()), 1000);
    } else if (!any && this.#tick !== undefined) {
      clearInterval(this.#tick);
      this.#tick = undefined;
    }
  };

  /** Says `text` in the banner for `ms`; a retry or offline notice takes the banner while it lasts. */
  announce = (text: string, ms = 8_000): void => {
    clearTimeout(this.#announceTimer);
    this.announcement = text;
    this.#announceTimer = setTimeout(() => (this.announcement = ""), ms);
  };

  clear(): void {
    for (const k of Object.keys(this.#notices)) this.setNotice(k, null);
    clearTimeout(this.#announceTimer);
    this.announcement = "";
  }
}

/** Resolves when the browser comes back online, or after `ms`, or rejects on abort. */
export function waitOnline(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      clearTimeout(t);
      window.removeEventListener("online", done);
      signal?.removeEventListener("abort", abort);
      resolve();
    };
    const abort = () => {
      clearTimeout(t);
      window.removeEventListener("online", done);
      reject(signal!.reason);
    };
    const t = setTimeout(done, ms);
    window.addEventListener("online", done, { once: true });
    signal?.addEventListener("abort", abort, { once: true });
  });
}
