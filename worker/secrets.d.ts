// Secrets the relay reads (wrangler secret put / .dev.vars); `wrangler types` cannot see them.
interface RelaySecrets {
  WRIKE_CLIENT_SECRET?: string;
  SESSION_SECRET?: string;
}
interface Env extends RelaySecrets {}
declare namespace Cloudflare {
  interface Env extends RelaySecrets {}
}
