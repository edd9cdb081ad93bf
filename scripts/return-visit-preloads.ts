// A Vite plugin that lists, in /assets/return-visit.json, what a return visit needs at once: the page's own
// script and stylesheet, then the signed-in app's chunks and the sign-in screen's, with their stylesheets. The relay preloads them (a
// Link header) on the app's page when the browser says it has a session.
import { fileURLToPath } from "node:url";
import type { Plugin, Rolldown } from "vite";

/** Where the relay reads the list from (worker/io/return-visit.ts). */
export const RETURN_VISIT_PATH = "/assets/return-visit.json";
const signedIn = fileURLToPath(new URL("../web/signed-in.ts", import.meta.url));
// The sign-in screen comes with it (web/main.ts): a sign-out must show it even offline.
const signIn = fileURLToPath(new URL("../web/signin/SignIn.svelte", import.meta.url));

/** One file to preload, in the order the browser should ask for them. */
export interface Preload {
  href: string;
  as: "script" | "style";
}

/**
 * The page's entry chunk (the one that imports the first of `entries`) with its CSS, then each entry's
 * chunk and every chunk it imports statically with theirs (Vite's dynamic import waits for a chunk's stylesheets before running
 * it). The page's own files come first: over HTTP/1.1's six connections the preloads would otherwise keep
 * the page's first script waiting.
 */
export function preloadsOf(bundle: Rolldown.OutputBundle, entries: readonly string[]): Preload[] {
  const chunks = new Map<string, Rolldown.OutputChunk>();
  for (const file of Object.values(bundle)) if (file.type === "chunk") chunks.set(file.fileName, file);
  const starts = entries.map((e) => [...chunks.values()].find((c) => c.facadeModuleId === e));
  const start = starts[0];
  if (!start) return [];
  const out: Preload[] = [];
  const add = (c: Rolldown.OutputChunk) => {
    out.push({ href: `/${c.fileName}`, as: "script" });
    for (const css of c.viteMetadata?.importedCss ?? []) out.push({ href: `/${css}`, as: "style" });
  };
  const page = [...chunks.values()].find((c) => c.isEntry && c.dynamicImports.includes(start.fileName));
  if (page) add(page);
  const seen = new Set<string>();
  const walk = (c: Rolldown.OutputChunk) => {
    if (c.isEntry || seen.has(c.fileName)) return;
    seen.add(c.fileName);
    add(c);
    for (const name of c.imports) {
      const next = chunks.get(name);
      if (next) walk(next);
    }
  };
  for (const c of starts) if (c) walk(c);
  return out.filter((p, i) => out.findIndex((q) => q.href === p.href) === i);
}

export function returnVisitPreloads(): Plugin {
  return {
    name: "wrike-pane:return-visit-preloads",
    generateBundle(_options, bundle) {
      // The app's build only: the pane (another environment) has no signed-in chunk.
      if (this.environment.name !== "client") return;
      const preload = preloadsOf(bundle, [signedIn, signIn]);
      const firstVisit = new Set(preloadsOf(bundle, [signIn]).map((p) => p.href));
      if (!preload.some((p) => p.href.includes("/signed-in-")))
        this.error("return-visit preloads: no chunk for web/signed-in.ts");
      this.emitFile({
        type: "asset",
        fileName: RETURN_VISIT_PATH.slice(1),
        // A first visit prefetches the same files but those it loads itself: the page's own and the sign-in
        // screen's.
        source: JSON.stringify({ preload, prefetch: preload.filter((p) => !firstVisit.has(p.href)) }),
      });
    },
  };
}
