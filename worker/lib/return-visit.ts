// Which of the app's chunks a return visit needs at once, as Link preload headers: pure logic, no I/O.

/** The relay's "a session exists" hint (lib/session.ts PRESENCE_COOKIE), `__Host-` or bare (local http). */
const HINT = /(?:^|;\s*)(?:__Host-)?wp_present=1(?:;|$)/;

export function hasSessionHint(cookieHeader: string | undefined): boolean {
  return cookieHeader !== undefined && HINT.test(cookieHeader);
}

/** Only the build's own chunk paths (from /assets/return-visit.json): anything else is ignored. */
const CHUNK = /^\/assets\/[\w.-]+\.js$/;

/** `{ scripts: ["/assets/…js", …] }` as Link header values; [] for anything else (e.g. the dev server). */
export function preloadLinks(list: unknown): string[] {
  const scripts = (list as { scripts?: unknown } | null)?.scripts;
  if (!Array.isArray(scripts)) return [];
  return scripts
    .filter((s): s is string => typeof s === "string" && CHUNK.test(s))
    .map((s) => `<${s}>; rel=modulepreload`);
}
