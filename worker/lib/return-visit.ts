// Which of the app's chunks a return visit needs at once, as Link preload headers: pure logic, no I/O.

/** The relay's "a session exists" hint (lib/session.ts PRESENCE_COOKIE), `__Host-` or bare (local http). */
const HINT = /(?:^|;\s*)(?:__Host-)?wp_present=1(?:;|$)/;

export function hasSessionHint(cookieHeader: string | undefined): boolean {
  return cookieHeader !== undefined && HINT.test(cookieHeader);
}

/** Only the build's own chunk and stylesheet paths (from /assets/return-visit.json): anything else is ignored. */
const CHUNK = /^\/assets\/[\w.-]+\.js$/;
const STYLE = /^\/assets\/[\w.-]+\.css$/;

function paths(value: unknown, shape: RegExp): string[] {
  return Array.isArray(value) ? value.filter((s): s is string => typeof s === "string" && shape.test(s)) : [];
}

/**
 * `{ scripts: ["/assets/…js"], styles: ["/assets/…css"] }` as Link header values; [] for anything else
 * (e.g. the dev server). Stylesheets as Vite's loader asks for them (crossorigin), so it takes the preload.
 */
export function preloadLinks(list: unknown): string[] {
  const l = (list ?? {}) as { scripts?: unknown; styles?: unknown };
  return [
    ...paths(l.scripts, CHUNK).map((s) => `<${s}>; rel=modulepreload`),
    ...paths(l.styles, STYLE).map((s) => `<${s}>; rel=preload; as=style; crossorigin`),
  ];
}
