// A Vite plugin that names, in /assets/return-visit.json, the signed-in app's chunk and the chunks it imports:
// the relay preloads them (a Link header) on the app's page when the browser says it has a session.
import { fileURLToPath } from "node:url";
import type { Plugin, Rolldown } from "vite";

/** Where the relay reads the list from (worker/io/return-visit.ts). */
export const RETURN_VISIT_PATH = "/assets/return-visit.json";
const signedIn = fileURLToPath(new URL("../web/signed-in.ts", import.meta.url));

/** What a return visit preloads: the chunks' scripts and the stylesheets Vite loads before running them. */
export interface ReturnVisitList {
  scripts: string[];
  styles: string[];
}

/**
 * The chunk of `entry` and every chunk it imports statically, but not the page's entry chunk (loaded), with
 * their CSS (Vite's dynamic import waits for a chunk's stylesheets to load before it runs the chunk).
 */
export function chunksOf(bundle: Rolldown.OutputBundle, entry: string): ReturnVisitList {
  const chunks = new Map<string, Rolldown.OutputChunk>();
  for (const file of Object.values(bundle)) if (file.type === "chunk") chunks.set(file.fileName, file);
  const start = [...chunks.values()].find((c) => c.facadeModuleId === entry);
  if (!start) return { scripts: [], styles: [] };
  const out: string[] = [];
  const styles = new Set<string>();
  const walk = (c: Rolldown.OutputChunk) => {
    if (c.isEntry || out.includes(c.fileName)) return;
    out.push(c.fileName);
    for (const css of c.viteMetadata?.importedCss ?? []) styles.add(css);
    for (const name of c.imports) {
      const next = chunks.get(name);
      if (next) walk(next);
    }
  };
  walk(start);
  return { scripts: out.map((f) => `/${f}`), styles: [...styles].map((f) => `/${f}`) };
}

export function returnVisitPreloads(): Plugin {
  return {
    name: "wrike-pane:return-visit-preloads",
    generateBundle(_options, bundle) {
      // The app's build only: the pane (another environment) has no signed-in chunk.
      if (this.environment.name !== "client") return;
      const list = chunksOf(bundle, signedIn);
      if (list.scripts.length === 0) this.error("return-visit preloads: no chunk for web/signed-in.ts");
      this.emitFile({ type: "asset", fileName: RETURN_VISIT_PATH.slice(1), source: JSON.stringify(list) });
    },
  };
}
