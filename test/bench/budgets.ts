// Issue 12's targets, printed as budgets beside this run's figures (nothing in `npm test` asserts a timing).

export const BUDGET = {
  /** App first-load JS, gzip. */
  appJsBytes: 40 * 1024,
  /** Embed pane first-load JS, gzip. */
  embedJsBytes: 25 * 1024,
  /** The /embed.js loader, gzip. */
  loaderBytes: 2 * 1024,
  /** "Allow" on consent -> first rows painted in My work, 300 tasks. */
  allowMs: 300,
  allowRoundTrips: 5,
  /** The same with 10,000 tasks, as a multiple of the 300-task figure. */
  allowLargeRatio: 1.2,
  /** Reload (signed in) -> first rows, from navigation start. */
  reloadMs: 100,
  /** Relay CPU per proxied GET and per POST /auth/token from the sealed cookie. */
  relayGetCpuUs: 60,
  relayTokenCpuUs: 60,
  /** Relay p50 on bare workerd, GET contacts, as a multiple of the minimal Hono proxy's. */
  relayP50Ratio: 1.05,
  /** A fast fling through 10,000 rows (median, p95): a frame every 50 ms still reads as motion. */
  scrollMedianMs: 50,
  scrollP95Ms: 200,
} as const;
