// The one back-off loop: run an attempt, and on a retryable failure wait (exponential with jitter and a
// cap, or the server's Retry-After) and try again, until it succeeds, gives up, or is aborted.
import { AppError, backoffSeconds } from "../wrike/errors.ts";

/** One wait before a retry, as the caller is told about it. */
export interface RetryWait {
  error: unknown;
  /** The attempt that failed (0-based). */
  attempt: number;
  /** How long the wait is, in ms. */
  ms: number;
  /** Epoch ms of the next attempt. */
  until: number;
}

export interface RetryOptions {
  /** Retries after the first attempt; unlimited by default. */
  retries?: number;
  /** Whether a failure may be tried again; by default an AppError marked transient. */
  retryable?: (error: unknown, attempt: number) => boolean;
  /** Longest wait in seconds, whatever Retry-After says. */
  maxDelay?: number;
  /** Jitter source in [0, 1). */
  random?: () => number;
  now?: () => number;
  /** Hears each wait before it starts. */
  onRetry?: (wait: RetryWait) => void;
  /** Waits `ms` (it may end sooner, e.g. when the browser comes back online); by default a timer. */
  wait?: (ms: number, wait: RetryWait, signal?: AbortSignal) => Promise<void>;
  /** Aborts the wait under way and any further attempt, rejecting with the signal's reason. */
  signal?: AbortSignal;
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

const transient = (error: unknown): boolean => error instanceof AppError && error.transient;

/** Runs `attempt(n)` (n from 0) until it resolves; rethrows the last failure once it may not retry. */
export async function retry<T>(attempt: (n: number) => Promise<T>, o: RetryOptions = {}): Promise<T> {
  const retries = o.retries ?? Number.POSITIVE_INFINITY;
  const retryable = o.retryable ?? transient;
  const now = o.now ?? Date.now;
  const random = o.random ?? Math.random;
  const wait = o.wait ?? ((ms: number, _w: RetryWait, signal?: AbortSignal) => sleep(ms, signal));
  for (let n = 0; ; n++) {
    if (o.signal?.aborted) throw o.signal.reason;
    try {
      return await attempt(n);
    } catch (error) {
      if (o.signal?.aborted || n >= retries || !retryable(error, n)) throw error;
      const retryAfter = error instanceof AppError ? error.retryAfter : undefined;
      const ms = backoffSeconds(n, retryAfter, o.maxDelay ?? 30, random()) * 1000;
      const w: RetryWait = { error, attempt: n, ms, until: now() + ms };
      o.onRetry?.(w);
      await wait(ms, w, o.signal);
    }
  }
}
