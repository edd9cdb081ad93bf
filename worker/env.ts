// The Hono environment every router and middleware of the relay shares.
import type { ConfigEnv } from "./lib/config.ts";

export interface AppVariables {
  /** Set by a handler that serves an inline script; the CSP middleware allows exactly that nonce. */
  scriptNonce?: string;
}

export type RelayEnv = Env & ConfigEnv & { UPSTREAM_TIMEOUT_MS?: string };

export interface AppEnv {
  Bindings: RelayEnv;
  Variables: AppVariables;
}
