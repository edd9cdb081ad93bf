// /api/v4/*: the locked-down proxy to the user's Wrike data centre (allow-listed host, path, headers).
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { readCapped } from "../lib/body.ts";
import { WRIKE_HOST_HEADER } from "../shared/contract.ts";
import { RelayError } from "../lib/errors.ts";
import { forwardRequestHeaders, passResponseHeaders } from "../lib/headers.ts";
import { buildUpstreamUrl } from "../lib/proxy-url.ts";
import { checkProxyRequest, lockDownProxied, requireAuthorization } from "../lib/proxy-rules.ts";
import { fetchUpstream } from "../io/upstream.ts";
import { relayCors } from "../middleware/cors.ts";

/** Wrike's write calls are small forms; 1 MiB is far above any of them. */
export const MAX_BODY_BYTES = 1024 * 1024;
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]);

export const proxy = new Hono<AppEnv>();

proxy.use("*", relayCors());

proxy.all(
  "/v4/*",
  // Bodies are capped by Content-Length and by the streamed count (readCapped, below); not with
  // hono/body-limit, which answers 413 with the rest of the body unread (workerd then drops the connection).
  async (c) => {
    const config = c.var.config;
    if (!METHODS.has(c.req.method)) {
      throw new RelayError("bad_request", `The proxy does not pass ${c.req.method} requests.`);
    }
    const incoming = new URL(c.req.url);
    checkProxyRequest(c.req.raw.headers, incoming.search);
    const upstream = buildUpstreamUrl(
      config,
      c.req.header(WRIKE_HOST_HEADER),
      incoming.pathname,
      incoming.search,
    );
    c.set("wrikeHost", upstream.host);
    requireAuthorization(c.req.raw.headers);
    const headers = forwardRequestHeaders(c.req.raw.headers);
    let body: Uint8Array | undefined;
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      // Buffered (at most MAX_BODY_BYTES) so Wrike gets an exact Content-Length.
      body = await readCapped(c.req.raw, MAX_BODY_BYTES);
    }

    // Returned at once: the deadline covers waiting for Wrike's headers; the body streams at its own pace.
    const result = await fetchUpstream(
      upstream,
      { method: c.req.method, headers, body },
      config.upstreamTimeoutMs,
      async (res) => res,
    );
    if (!result.ok) {
      throw result.timedOut ? new RelayError("upstream_timeout") : new RelayError("upstream_unreachable");
    }
    const res = result.value;
    c.set("upstreamStatus", res.status);

    if (res.status >= 300 && res.status < 400 && res.status !== 304) {
      // Never followed, never passed on: a Location could point anywhere. Wrike answers a wrong
      // data-centre host with 300 Multiple Choices, so say that.
      await res.body?.cancel();
      throw new RelayError(
        "upstream_error",
        `Wrike answered ${res.status} (a redirect), which usually means the wrong data-centre host.`,
      );
    }
    return new Response(res.body, {
      status: res.status,
      headers: lockDownProxied(passResponseHeaders(res.headers)),
    });
  },
);

proxy.all("*", () => {
  throw new RelayError("path_not_allowed", "Only /api/v4/ is proxied.");
});
