// The Hono environment every router and middleware of the relay shares.
import type { ConfigEnv, RelayConfig } from "./lib/config.ts";
import type { UrlParts } from "./lib/request-url.ts";
import type { Cookies } from "./middleware/cookies.ts";

export interface AppVariables {
  /** The parsed configuration, set by middleware/config.ts on /auth and /api. */
  config: RelayConfig;
  /** The request's sealed session and flow cookies, set by middleware/cookies.ts on /auth. */
  cookies: Cookies;
  /** The page's CSP nonce (hono/secure-headers' NONCE): the popup pages' one inline script carries it. */
  secureHeadersNonce?: string;
  /** The request URL's parts, once read (middleware/request-url.ts). */
  url?: UrlParts;
  /** Set by the CORS middleware when it is to add `Vary: Origin`: finishedData puts it in the answer. */
  varyOrigin?: boolean;
}

export type RelayEnv = Env & ConfigEnv & { UPSTREAM_TIMEOUT_MS?: string };

export interface AppEnv {
  Bindings: RelayEnv;
  Variables: AppVariables;
}
