// A polling loop that runs only while the page is visible, never runs two polls at once, polls at once when
// the page comes back, and waits longer after each failure. Timers and visibility are injected for tests.

export interface PollerOptions {
  /** Pause between the end of one poll and the start of the next. */
  interval: number;
  /** One poll. It should stop soon after `signal` aborts (the page was hidden or the poller stopped). */
  run: (signal: AbortSignal) => Promise<void>;
  visible: () => boolean;
  /** Longest pause after repeated failures. */
  maxInterval?: number;
  onError?: (error: unknown) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export class Poller {
  #o: Required<Omit<PollerOptions, "onError">> & Pick<PollerOptions, "onError">;
  #active = false;
  #timer: unknown = undefined;
  #running: AbortController | null = null;
  /** A poll was asked for while an aborted one was still winding down. */
  #again = false;
  #failures = 0;

  constructor(options: PollerOptions) {
    this.#o = {
      maxInterval: options.interval * 16,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
      ...options,
    };
  }

  get active(): boolean {
    return this.#active;
  }

  get polling(): boolean {
    return this.#running !== null;
  }

  /** Starts polling: a first poll at once if the page is visible, else as soon as it is. */
  start(): void {
    if (this.#active) return;
    this.#active = true;
    this.#failures = 0;
    this.now();
  }

  /** Stops: no timer, and the poll in flight is aborted. */
  stop(): void {
    this.#active = false;
    this.#again = false;
    this.#clear();
    this.#running?.abort();
  }

  /** Call on visibilitychange: hidden stops the timer and the poll in flight; visible polls at once. */
  visibilityChanged(): void {
    if (!this.#active) return;
    if (this.#o.visible()) {
      this.now();
    } else {
      this.#clear();
      this.#again = false;
      this.#running?.abort();
    }
  }

  /** Polls now unless one is running (a running poll that was aborted is followed by a fresh one). */
  now(): void {
    if (!this.#active || !this.#o.visible()) return;
    if (this.#running) {
      if (this.#running.signal.aborted) this.#again = true;
      return;
    }
    this.#clear();
    const abort = new AbortController();
    this.#running = abort;
    let failed = false;
    void this.#o
      .run(abort.signal)
      .catch((e: unknown) => {
        // An aborted poll is not a failure: the page was hidden or the session ended.
        if (abort.signal.aborted) return;
        failed = true;
        this.#o.onError?.(e);
      })
      .finally(() => {
        this.#running = null;
        this.#failures = failed ? this.#failures + 1 : abort.signal.aborted ? this.#failures : 0;
        if (this.#again) {
          this.#again = false;
          this.now();
        } else {
          this.#schedule();
        }
      });
  }

  #schedule(): void {
    if (!this.#active || !this.#o.visible() || this.#running) return;
    this.#clear();
    const ms = Math.min(this.#o.interval * 2 ** this.#failures, this.#o.maxInterval);
    this.#timer = this.#o.setTimer(() => {
      this.#timer = undefined;
      this.now();
    }, ms);
  }

  #clear(): void {
    if (this.#timer !== undefined) this.#o.clearTimer(this.#timer);
    this.#timer = undefined;
  }
}
