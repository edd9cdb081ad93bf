// /api/v4/*: the locked-down proxy to the user's Wrike data centre (allow-listed host, path, headers).
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { readCapped } from "../lib/body.ts";
import { WRIKE_HOST_HEADER } from "../shared/contract.ts";
import { RelayError } from "../lib/errors.ts";
import { copyResponseHeaders, forwardRequestRecord } from "../lib/headers.ts";
import { upstreamTarget } from "../lib/proxy-url.ts";
import {
  attachmentUnlessJson,
  checkProxyRequest,
  PROXIED_HEADERS,
  requireAuthorization,
} from "../lib/proxy-rules.ts";
import { fetchUpstream } from "../io/upstream.ts";
import { relayCors } from "../middleware/cors.ts";
import { requestUrl } from "../middleware/request-url.ts";
import { dataTemplate, finishedData } from "../middleware/security-headers.ts";

/** Wrike's write calls are small forms; 1 MiB is far above any of them. */
export const MAX_BODY_BYTES = 1024 * 1024;
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]);
/** Every proxied answer's fixed headers: the data policy, then the proxy's own sandbox (finishedData). */
const PROXIED = dataTemplate(PROXIED_HEADERS);

export const proxy = new Hono<AppEnv>();

proxy.use("*", relayCors());

proxy.all(
  "/v4/*",
  // Bodies are capped by Content-Length and by the streamed count (readCapped, below); not with
  // hono/body-limit, which answers 413 with the rest of the body unread (workerd then drops the connection).
  async (c) => {
    const config = c.get("config");
    const raw = c.req.raw;
    const method = raw.method;
    if (!METHODS.has(method)) {
      throw new RelayError("bad_request", `The proxy does not pass ${method} requests.`);
    }
    const { pathname, search } = requestUrl(c);
    const incoming = raw.headers;
    checkProxyRequest(incoming, search);
    const upstream = upstreamTarget(config, incoming.get(WRIKE_HOST_HEADER) ?? undefined, pathname, search);
    c.set("wrikeHost", upstream.host);
    const headers = forwardRequestRecord(incoming);
    requireAuthorization(headers["authorization"]);
    let body: Uint8Array | undefined;
    if (method !== "GET" && method !== "HEAD") {
      // Buffered (at most MAX_BODY_BYTES) so Wrike gets an exact Content-Length.
      body = await readCapped(raw, MAX_BODY_BYTES);
    }

    // Returned at once: the deadline covers waiting for Wrike's headers; the body streams at its own pace.
    const result = await fetchUpstream(
      upstream.href,
      { method, headers, body },
      config.upstreamTimeoutMs,
      (res) => res,
    );
    if (!result.ok) {
      throw result.timedOut ? new RelayError("upstream_timeout") : new RelayError("upstream_unreachable");
    }
    const res = result.value;
    // Read once: each read of a status or a body is a call into the runtime.
    const status = res.status;
    c.set("upstreamStatus", status);

    if (status >= 300 && status < 400 && status !== 304) {
      // Never followed, never passed on: a Location could point anywhere. Wrike answers a wrong
      // data-centre host with 300 Multiple Choices, so say that.
      await res.body?.cancel();
      throw new RelayError(
        "upstream_error",
        `Wrike answered ${status} (a redirect), which usually means the wrong data-centre host.`,
      );
    }
    // Made in one piece (see finishedData): the fixed headers from the template, Wrike's passed ones on top.
    const own: Record<string, string> = {};
    attachmentUnlessJson(own, copyResponseHeaders(res.headers, own));
    return finishedData(c, res.body, status, PROXIED, own);
  },
);

proxy.all("*", () => {
  throw new RelayError("path_not_allowed", "Only /api/v4/ is proxied.");
});
