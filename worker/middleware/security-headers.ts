// Security headers on every response: a page policy for HTML, a sandbox for data; and https only.
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { configFor, imageOrigins, type RelayConfig } from "../lib/config.ts";
import { randomBase64 } from "../lib/random.ts";
import { requestUrl } from "./request-url.ts";

/**
 * The one path an embedder may frame (EMBED_ORIGINS): the embed view (`embed.html`, which Workers Static
 * Assets serve for `/embed`). Exact, so that no other page (e.g. the app through the single-page
 * fallback at `/embed/anything`) can be framed; everything else refuses any frame.
 */
export function isEmbedPath(pathname: string): boolean {
  return pathname === "/embed";
}

/** The relay's pages: its two sign-in navigations and everything the static app serves. */
export function isPagePath(pathname: string): boolean {
  if (pathname === "/auth/login" || pathname === "/auth/callback") return true;
  return !/^\/(?:api|auth)(?:\/|$)/.test(pathname) && pathname !== "/healthz";
}

/**
 * Vite's dev server serves the app's modules from anywhere under the root (/main.ts, /@vite/client), so
 * `vite dev` alone widens script-src to 'self'. Built code (production, staging, the e2e build) and the
 * relay tests (mode "test") get the path-restricted policy.
 */
const devServer = import.meta.env?.MODE === "development";

/**
 * On every response, as hono/secure-headers wrote them before (its defaults with these choices), but
 * computed once per isolate rather than per request. Off on purpose: Cross-Origin-Opener-Policy (the
 * sign-in popup must keep `window.opener`) and Cross-Origin-Resource-Policy (embedders load /embed.js
 * cross-origin; the proxy sets CORP itself).
 */
const COMMON: readonly (readonly [string, string])[] = [
  ["Origin-Agent-Cluster", "?1"],
  ["Referrer-Policy", "no-referrer"],
  ["Strict-Transport-Security", "max-age=15552000; includeSubDomains"],
  ["X-Content-Type-Options", "nosniff"],
  ["X-DNS-Prefetch-Control", "off"],
  ["X-Download-Options", "noopen"],
  ["X-Frame-Options", "DENY"],
  ["X-Permitted-Cross-Domain-Policies", "none"],
  ["X-XSS-Protection", "0"],
];

/** Everything that is not a page (JSON, redirects, proxied answers): nothing in it may load, run or be framed. */
const DATA_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";
const DATA_HEADERS: readonly (readonly [string, string])[] = [
  ...COMMON,
  ["Content-Security-Policy", DATA_CSP],
];

/** Answers made by finishedData: they carry the data policy already. */
const finished = new WeakSet<Response>();

/**
 * The fixed headers of one kind of answer made in one piece (the data policy plus that kind's own fixed
 * headers, lowercase names), built once per isolate as two Headers objects: without and with the
 * `Vary: Origin` the CORS middleware asks for. workerd copies a Headers object into a new answer
 * natively, for a fraction of what it costs to convert a record of a dozen strings on every request.
 */
export interface DataTemplate {
  readonly plain: Headers;
  readonly vary: Headers;
}

export function dataTemplate(own: Readonly<Record<string, string>>): DataTemplate {
  const record: Record<string, string> = {};
  for (const [name, value] of DATA_HEADERS) record[name.toLowerCase()] = value;
  Object.assign(record, own);
  return { plain: new Headers(record), vary: new Headers({ ...record, vary: "Origin" }) };
}

/**
 * A data answer (JSON, a proxied body) made in one piece: the template's headers (the data policy and
 * the kind's fixed headers, with `Vary: Origin` if the CORS middleware asked for it), then the request's
 * id and `own` (lowercase names; they win over the template, as a header a handler set does for the
 * middleware), so that no middleware has to touch it on the way out (each call into workerd's Headers
 * costs; the hot routes answer this way). The middleware leaves the answer's policy headers as they are.
 */
export function finishedData(
  c: Context<AppEnv>,
  body: BodyInit | null,
  status: number,
  template: DataTemplate,
  own?: Readonly<Record<string, string>>,
): Response {
  const res = new Response(body, { status, headers: c.get("varyOrigin") ? template.vary : template.plain });
  const headers = res.headers;
  headers.set("x-request-id", c.get("requestId"));
  if (own) for (const name in own) headers.set(name, own[name] as string);
  finished.add(res);
  return res;
}

/** Whether `res` was made by finishedData (so it has the data policy and X-Request-Id already). */
export function isFinished(res: Response): boolean {
  return finished.has(res);
}

/**
 * The page policy's CSP after the nonce, per configuration (undefined while misconfigured: then images
 * only from 'self' and data:, and no framing at all): scripts only from the built assets plus the
 * response's nonce, images only from Wrike's data-centre hosts, framing only of /embed, by EMBED_ORIGINS.
 */
interface PageTail {
  page: string;
  embed: string;
}
const tails = new WeakMap<RelayConfig, PageTail>();
let unconfiguredTail: PageTail | undefined;

function tailOf(config: RelayConfig | undefined): PageTail {
  const cached = config ? tails.get(config) : unconfiguredTail;
  if (cached) return cached;
  const images = ["data:", ...imageOrigins(config ?? { local: false, apiHosts: [] })].join(" ");
  const framers = config?.embedOrigins ?? [];
  const rest = (ancestors: string) =>
    `; style-src 'self' 'unsafe-inline'; img-src 'self' ${images}; connect-src 'self'; ` +
    `frame-ancestors ${ancestors}; base-uri 'none'; form-action 'self'; object-src 'none'`;
  const tail = { page: rest("'none'"), embed: rest(framers.length > 0 ? framers.join(" ") : "'none'") };
  if (config) tails.set(config, tail);
  else unconfiguredTail = tail;
  return tail;
}

/** The configuration, or undefined while the relay is misconfigured (pages then get the strictest policy). */
function configOf(c: Context<AppEnv>): RelayConfig | undefined {
  try {
    return configFor(c.env);
  } catch {
    return undefined;
  }
}

function pageCsp(c: Context<AppEnv>, origin: string, embed: boolean, nonce: string): string {
  const tail = tailOf(configOf(c));
  const scripts = devServer ? "'self'" : `${origin}/assets/`;
  return `default-src 'self'; script-src ${scripts} 'nonce-${nonce}'${embed ? tail.embed : tail.page}`;
}

/**
 * Every response's security headers, and https only. Outside local mode every http request is sent to
 * https (308 keeps the method) before anything reads a cookie: the relay's cookies are always `Secure`
 * and `__Host-` there, so plain http would only leak. That reads the raw variable, not the parsed
 * config, so that it also holds while the relay is misconfigured.
 *
 * Pages get a fresh nonce (`secureHeadersNonce`: the popup pages' one inline script carries it) and the
 * page policy, replacing any header of the same name; everything else gets the data policy, keeping a
 * header the handler set (the proxy's own CSP). X-Frame-Options cannot list origins, so /embed has none
 * and its CSP's frame-ancestors alone decides.
 */
export const securityHeaders = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const { origin, pathname } = requestUrl(c);
  const page = isPagePath(pathname);
  const nonce = page ? randomBase64(16) : "";
  if (page) c.set("secureHeadersNonce", nonce);
  if (c.env.WRIKE_LOCAL !== "1" && origin.startsWith("http:")) {
    const secure = new URL(c.req.url);
    secure.protocol = "https:";
    c.res = c.redirect(secure.toString(), 308);
  } else {
    await next();
  }
  const res = c.res;
  const embed = isEmbedPath(pathname);
  if (!finished.has(res)) {
    const headers = res.headers;
    if (page) {
      for (const [name, value] of COMMON) headers.set(name, value);
      headers.set("Content-Security-Policy", pageCsp(c, origin, embed, nonce));
    } else {
      for (const [name, value] of DATA_HEADERS) if (!headers.has(name)) headers.set(name, value);
    }
    headers.delete("X-Powered-By");
  }
  if (embed) res.headers.delete("X-Frame-Options");
};
