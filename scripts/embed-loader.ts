// A Vite plugin that builds web/embed/loader.ts into /embed.js: one minified classic script (IIFE), stable name.
import { fileURLToPath } from "node:url";
import { build, type Plugin, type Rolldown } from "vite";

/** Where embedders load it from (README, "Embedding"): never hashed, so their pages need no change. */
export const LOADER_PATH = "/embed.js";
const entry = fileURLToPath(new URL("../web/embed/loader.ts", import.meta.url));

/**
 * The loader bundled on its own: the app's chunks are ES modules, but `<script src async>` runs a
 * classic script (and only a classic script has document.currentScript), so it cannot be one of them.
 */
export async function bundleLoader(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: "warn",
    root: fileURLToPath(new URL("../web/embed/", import.meta.url)),
    build: {
      write: false,
      minify: true,
      sourcemap: false,
      emptyOutDir: false,
      lib: { entry, formats: ["iife"], name: "WrikePaneLoader", fileName: () => "embed.js" },
    },
  });
  const outputs = (Array.isArray(out) ? out : [out]) as Rolldown.RolldownOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((f) => f.type === "chunk");
  if (!chunk || chunk.type !== "chunk") throw new Error("embed loader: the build produced no script");
  return chunk.code;
}

export function embedLoader(): Plugin {
  return {
    name: "wrike-pane:embed-loader",
    async generateBundle() {
      // The browser build only (the Worker's build has nothing to serve it from).
      if (this.environment.name !== "client") return;
      this.emitFile({ type: "asset", fileName: LOADER_PATH.slice(1), source: await bundleLoader() });
    },
    // `vite dev`: the relay runs first for every request (run_worker_first) and asks its ASSETS binding,
    // which comes back through these middlewares; this answers that inner request, built fresh each time.
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.split("?")[0] !== LOADER_PATH) return next();
        bundleLoader().then(
          (code) => {
            res.setHeader("Content-Type", "text/javascript; charset=utf-8");
            res.end(code);
          },
          (error: unknown) => next(error),
        );
      });
    },
  };
}
