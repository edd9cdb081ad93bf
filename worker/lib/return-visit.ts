// Which of the app's files a visit should fetch ahead (Link headers), and which may be cached for good: pure logic.

/** The relay's "a session exists" hint (lib/session.ts PRESENCE_COOKIE), `__Host-` or bare (local http). */
const HINT = /(?:^|;\s*)(?:__Host-)?wp_present=1(?:;|$)/;

export function hasSessionHint(cookieHeader: string | undefined): boolean {
  return cookieHeader !== undefined && HINT.test(cookieHeader);
}

/** Only the build's own script and stylesheet paths (from /assets/return-visit.json): nothing else. */
const SHAPES = { script: /^\/assets\/[\w.-]+\.js$/, style: /^\/assets\/[\w.-]+\.css$/ } as const;

/** The list's entries under `key` that are the build's own scripts or stylesheets, in its order. */
function filesOf(list: unknown, key: "preload" | "prefetch"): { href: string; as: "script" | "style" }[] {
  const files = (list as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(files)) return [];
  const out: { href: string; as: "script" | "style" }[] = [];
  for (const p of files as { href?: unknown; as?: unknown }[]) {
    if (typeof p?.href !== "string") continue;
    if ((p.as === "script" || p.as === "style") && SHAPES[p.as].test(p.href))
      out.push({ href: p.href, as: p.as });
  }
  return out;
}

/**
 * `{ preload: [{ href, as: "script" | "style" }, …] }` as Link header values, in its order; [] for anything
 * else (e.g. the dev server). Stylesheets as Vite's loader asks for them (crossorigin), so it takes them.
 */
export function preloadLinks(list: unknown): string[] {
  return filesOf(list, "preload").map((p) =>
    p.as === "script" ? `<${p.href}>; rel=modulepreload` : `<${p.href}>; rel=preload; as=style; crossorigin`,
  );
}

/**
 * The list's `prefetch` files (the signed-in app's, less the page's own) as Link prefetches, for a first
 * visit: the browser fetches them once the sign-in screen is idle, so the page after Wrike's consent finds
 * them in its cache. Lowest priority: they never hold up the sign-in screen.
 */
export function prefetchLinks(list: unknown): string[] {
  return filesOf(list, "prefetch").map((p) => `<${p.href}>; rel=prefetch; as=${p.as}; crossorigin`);
}

/**
 * Vite's content-hashed build files (`name-HASH8.ext` under /assets/): a new build names new files, so a
 * browser may keep these for a year without asking again. Not the build's unhashed list (return-visit.json).
 */
const HASHED = /^\/assets\/[\w.-]+-[\w-]{8}\.(?:js|css|svg|png|woff2?)$/;

export function isHashedAsset(pathname: string): boolean {
  return HASHED.test(pathname);
}

/** What hashed build files are cached with (Cloudflare's advice for fingerprinted assets). */
export const IMMUTABLE = "public, max-age=31536000, immutable";
