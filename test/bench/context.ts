// What run.ts hands every part of the bench: the copy of the built dist/, the minimal proxy's bundle, a scratch folder.
export interface BenchContext {
  /** A copy of dist/ (client/ and wrike_pane/) taken under the e2e lock. */
  dist: string;
  /** test/bench/minimal-proxy.ts bundled for workerd. */
  minimalScript: string;
  /** The relay's compatibility date (from its wrangler.json), used for the other Workers too. */
  compatibilityDate: string;
  /** A scratch folder that run.ts removes at the end. */
  tmp: string;
}
