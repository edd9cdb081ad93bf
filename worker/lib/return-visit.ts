// Which of the app's files a return visit needs at once, as Link preload headers: pure logic, no I/O.

/** The relay's "a session exists" hint (lib/session.ts PRESENCE_COOKIE), `__Host-` or bare (local http). */
const HINT = /(?:^|;\s*)(?:__Host-)?wp_present=1(?:;|$)/;

export function hasSessionHint(cookieHeader: string | undefined): boolean {
  return cookieHeader !== undefined && HINT.test(cookieHeader);
}

/** Only the build's own script and stylesheet paths (from /assets/return-visit.json): nothing else. */
const SHAPES = { script: /^\/assets\/[\w.-]+\.js$/, style: /^\/assets\/[\w.-]+\.css$/ } as const;

/**
 * `{ preload: [{ href, as: "script" | "style" }, …] }` as Link header values, in its order; [] for anything
 * else (e.g. the dev server). Stylesheets as Vite's loader asks for them (crossorigin), so it takes them.
 */
export function preloadLinks(list: unknown): string[] {
  const preload = (list as { preload?: unknown } | null)?.preload;
  if (!Array.isArray(preload)) return [];
  const out: string[] = [];
  for (const p of preload as { href?: unknown; as?: unknown }[]) {
    if (typeof p?.href !== "string") continue;
    if (p.as === "script" && SHAPES.script.test(p.href)) out.push(`<${p.href}>; rel=modulepreload`);
    if (p.as === "style" && SHAPES.style.test(p.href))
      out.push(`<${p.href}>; rel=preload; as=style; crossorigin`);
  }
  return out;
}
