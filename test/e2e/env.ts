// This e2e run's addresses (loopback only, ephemeral ports chosen by ./global-setup.ts, which hands them to
// the test workers in their environment). No vitest here: the bench imports helpers that import this.
import { E2E_STACK_ENV, type E2EStack } from "../support/stack.ts";

/** Outside an e2e run (the bench's imports) nothing was started: addresses that nothing answers. */
const NONE: E2EStack = {
  appOrigin: "http://localhost:0",
  previewPort: 0,
  simLogin: "http://127.0.0.1:0",
  simHosts: { us: "127.0.0.1:0", eu: "127.0.0.1:0" },
  embedHostPort: 0,
  foreignPort: 0,
};
const raw = process.env[E2E_STACK_ENV];
const stack: E2EStack = raw ? (JSON.parse(raw) as E2EStack) : NONE;

/** The app and its relay, as the browser sees them: "http://localhost:<port>". */
export const E2E_APP_ORIGIN = stack.appOrigin;
export const E2E_PREVIEW_PORT = stack.previewPort;
/** The embedding site the relay's EMBED_ORIGINS allows, and a port for another site it does not. */
export const E2E_EMBED_HOST_PORT = stack.embedHostPort;
export const E2E_FOREIGN_PORT = stack.foreignPort;
/** The simulator's login origin and API hosts. */
export const E2E_SIM = { login: stack.simLogin, hosts: stack.simHosts } as const;
