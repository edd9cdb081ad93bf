// The Wrike API v4 client: calls go through the relay's proxy with the access token and data-centre host,
// come back as typed envelopes or AppErrors, refresh once on 401 and back off on 429, 5xx and offline.
import { WRIKE_HOST_HEADER } from "../../worker/shared/contract.ts";
import { AppError, errorFromNetwork, errorFromResponse } from "./errors.ts";
import { apiUrl, batches, idList, type Param } from "./query.ts";
import { retry, sleep } from "../platform/retry.ts";
import type { Envelope } from "./types.ts";
import type {
  ApiOptions,
  Credentials,
  DownloadOptions,
  RequestOptions,
  RetryNotice,
  TokenSource,
} from "./api-options.ts";

let nextRequestId = 1;

export class WrikeApi {
  #o: Required<Omit<ApiOptions, "onRetry" | "onActivity">> & Pick<ApiOptions, "onRetry" | "onActivity">;

  constructor(options: ApiOptions) {
    this.#o = {
      fetch: (...args) => fetch(...args),
      online: () => typeof navigator === "undefined" || navigator.onLine !== false,
      waitOnline: sleep,
      sleep,
      maxRetries: Number.POSITIVE_INFINITY,
      maxDelay: 30,
      ...options,
    };
  }

  /** GET an API path with Wrike-style query parameters. */
  get<T>(path: string, query?: Readonly<Record<string, Param>>, opts?: RequestOptions): Promise<Envelope<T>> {
    return this.#request<T>("GET", path, query, undefined, opts);
  }

  /** POST/PUT/DELETE with Wrike's form encoding (arrays and objects as JSON strings). */
  send<T>(
    method: "POST" | "PUT" | "DELETE",
    path: string,
    form: Readonly<Record<string, Param>>,
    opts?: RequestOptions,
  ): Promise<Envelope<T>> {
    return this.#request<T>(method, path, undefined, form, opts);
  }

  /** GET many entities by id, 100 per call, in parallel; results in one array (order not guaranteed). */
  async getByIds<T>(
    collection: string,
    ids: readonly string[],
    query?: Readonly<Record<string, Param>>,
    opts?: RequestOptions,
  ): Promise<T[]> {
    const unique = [...new Set(ids)];
    const pages = await Promise.all(
      batches(unique, 100).map((b) => this.get<T>(`${collection}/${idList(b)}`, query, opts)),
    );
    return pages.flatMap((p) => p.data);
  }

  /**
   * GETs a file (an attachment's `download`) into a Blob typed application/octet-stream, so that nothing
   * the app makes of it can render as a page. Same token, host header and one renewal on 401 as the JSON
   * calls; no retries (a person started it and can start it again).
   */
  async download(path: string, opts: DownloadOptions = {}): Promise<Blob> {
    const o = this.#o;
    o.onActivity?.(1);
    try {
      let creds = await o.tokens.current();
      let res = await this.#fetchFile(path, creds, opts.signal);
      if (res.status === 401) {
        await res.body?.cancel().catch(() => {});
        try {
          creds = await o.tokens.renew(creds.token);
        } catch (e) {
          if (e instanceof AppError && e.code === "unauthorized") o.tokens.invalid(e);
          throw e;
        }
        res = await this.#fetchFile(path, creds, opts.signal);
      }
      if (!res.ok) {
        const text = await res.text().catch(() => "");
        let json: unknown = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch {
          json = null;
        }
        const error = errorFromResponse(res.status, json, res.headers.get("Retry-After"));
        if (error.code === "unauthorized") o.tokens.invalid(error);
        throw error;
      }
      const length = Number(res.headers.get("Content-Length"));
      const total = opts.size ?? (Number.isFinite(length) && length > 0 ? length : undefined);
      const chunks: BlobPart[] = [];
      let loaded = 0;
      opts.onProgress?.(0, total);
      const reader = res.body?.getReader();
      try {
        for (;;) {
          if (!reader) break;
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value);
          loaded += value.byteLength;
          opts.onProgress?.(loaded, total);
        }
      } catch (cause) {
        if (opts.signal?.aborted) throw cause;
        throw errorFromNetwork(cause, o.online());
      }
      return new Blob(chunks, { type: "application/octet-stream" });
    } finally {
      o.onActivity?.(-1);
    }
  }

  async #fetchFile(path: string, creds: Credentials, signal: AbortSignal | undefined): Promise<Response> {
    if (!this.#o.online()) throw errorFromNetwork(new Error("offline"), false);
    try {
      return await this.#o.fetch(apiUrl(path), {
        method: "GET",
        headers: {
          Authorization: `bearer ${creds.token}`,
          [WRIKE_HOST_HEADER]: creds.host,
          Accept: "application/octet-stream",
        },
        signal,
        credentials: "omit",
        cache: "no-store",
      });
    } catch (cause) {
      if (signal?.aborted) throw cause;
      throw errorFromNetwork(cause, this.#o.online());
    }
  }

  async #request<T>(
    method: string,
    path: string,
    query: Readonly<Record<string, Param>> | undefined,
    form: Readonly<Record<string, Param>> | undefined,
    opts: RequestOptions = {},
  ): Promise<Envelope<T>> {
    const id = nextRequestId++;
    const o = this.#o;
    const maxRetries = opts.maxRetries ?? o.maxRetries;
    let renewed = false;
    let waited = false;
    o.onActivity?.(1);
    try {
      let creds = await o.tokens.current();
      /** One request, and once per request a second with a renewed token if Wrike refused the first. */
      const attempt = async (n: number): Promise<Envelope<T>> => {
        // The token may have been refreshed (or the user signed out) while we waited.
        if (n > 0) creds = await o.tokens.current();
        try {
          return await this.#once<T>(method, path, query, form, creds, opts.signal);
        } catch (e) {
          if (!(e instanceof AppError) || e.code !== "unauthorized") throw e;
          if (renewed) {
            o.tokens.invalid(e);
            throw e;
          }
        }
        renewed = true;
        try {
          creds = await o.tokens.renew(creds.token);
        } catch (e) {
          // Nothing to renew with (a permanent token): the sign-in is dead. (A refused refresh at the
          // relay has already ended the session, with its own reason.)
          if (e instanceof AppError && e.code === "unauthorized") o.tokens.invalid(e);
          throw e;
        }
        return attempt(0);
      };
      return await retry(attempt, {
        retries: maxRetries,
        maxDelay: o.maxDelay,
        // A write that failed with 5xx may have happened; only 429 (refused before any work) is retried.
        retryable: (e) =>
          e instanceof AppError &&
          e.code !== "unauthorized" &&
          (method === "GET" ? e.transient : e.code === "busy"),
        onRetry: (w) => {
          waited = true;
          o.onRetry?.(id, { error: w.error as AppError, until: w.until, attempt: w.attempt });
        },
        wait: (ms, w, signal) =>
          (w.error as AppError).code === "offline" ? o.waitOnline(ms, signal) : o.sleep(ms, signal),
        signal: opts.signal,
      });
    } finally {
      if (waited) o.onRetry?.(id, null);
      o.onActivity?.(-1);
    }
  }

  async #once<T>(
    method: string,
    path: string,
    query: Readonly<Record<string, Param>> | undefined,
    form: Readonly<Record<string, Param>> | undefined,
    creds: Credentials,
    signal: AbortSignal | undefined,
  ): Promise<Envelope<T>> {
    const headers: Record<string, string> = {
      Authorization: `bearer ${creds.token}`,
      [WRIKE_HOST_HEADER]: creds.host,
      Accept: "application/json",
    };
    let body: string | undefined;
    if (form) {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) {
        if (v !== undefined) p.set(k, typeof v === "object" ? JSON.stringify(v) : String(v));
      }
      body = p.toString();
      headers["Content-Type"] = "application/x-www-form-urlencoded";
    }
    if (!this.#o.online()) throw errorFromNetwork(new Error("offline"), false);
    let res: Response;
    try {
      res = await this.#o.fetch(apiUrl(path, query), {
        method,
        headers,
        body,
        signal,
        credentials: "omit",
        cache: "no-store",
      });
    } catch (cause) {
      if (signal?.aborted) throw cause;
      throw errorFromNetwork(cause, this.#o.online());
    }
    const text = await res.text().catch(() => "");
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!res.ok) throw errorFromResponse(res.status, json, res.headers.get("Retry-After"));
    const env = json as Envelope<T> | null;
    if (!env || !Array.isArray(env.data)) {
      throw new AppError("unavailable", "Wrike sent an answer Wrike Pane could not read.", {
        status: res.status,
      });
    }
    return env;
  }
}
