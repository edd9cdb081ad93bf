// What the Wrike client is given and takes: its token source, its options, and each call's options.
import type { AppError } from "./errors.ts";

export interface Credentials {
  token: string;
  host: string;
}

/** Where the client gets its token; implemented by the token store (and by fixed tokens in tests). */
export interface TokenSource {
  /** A token that is not known to be expired. Throws an AppError when there is none. */
  current(): Promise<Credentials>;
  /** Wrike refused `rejected`: return a different token, or throw. Called at most once per request. */
  renew(rejected: string): Promise<Credentials>;
  /** Wrike refused the renewed token too: the sign-in is dead. */
  invalid(error: AppError): void;
}

/** Shown while a request waits to retry: what happened and when the next try is. */
export interface RetryNotice {
  error: AppError;
  /** Epoch ms of the next attempt. */
  until: number;
  attempt: number;
}

export interface ApiOptions {
  tokens: TokenSource;
  fetch?: typeof fetch;
  /** Called with a notice before each wait, and with null once the request is done (either way). */
  onRetry?: (requestId: number, notice: RetryNotice | null) => void;
  /** Called when a request starts (+1) and ends (-1): drives the progress bar. */
  onActivity?: (delta: 1 | -1) => void;
  online?: () => boolean;
  /** Resolves when the browser is back online (or after `ms`, whichever is first). */
  waitOnline?: (ms: number, signal?: AbortSignal) => Promise<void>;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Retries of a read after 429/5xx/network failures; writes retry only on 429. */
  maxRetries?: number;
  /** Longest wait between retries, in seconds, whatever Retry-After says. */
  maxDelay?: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Override maxRetries for this call (e.g. a sign-in check should fail fast). */
  maxRetries?: number;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  /** The file's size from Wrike's attachment record, when the answer has no usable Content-Length. */
  size?: number;
  /** Bytes received so far, and the total when known. */
  onProgress?: (loaded: number, total: number | undefined) => void;
}
