// Builds the app (web/) and the relay (worker/) together; `vite dev` runs both on one origin.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { cloudflare } from "@cloudflare/vite-plugin";
import { embedLoader } from "./scripts/embed-loader.ts";
import { returnVisitPreloads } from "./scripts/return-visit-preloads.ts";

const root = fileURLToPath(new URL(".", import.meta.url));

// Miniflare otherwise fetches a `cf` object from workers.cloudflare.com on every start (a stack trace
// offline); nothing local may reach the internet, and the relay reads nothing from request.cf.
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";

/**
 * `npm run dev` (scripts/dev.ts) passes the demo's run-time settings here as JSON: the simulator's
 * actual ports, the embedding example's origin and the per-run secrets. Only `vite dev` reads it, so
 * nothing of it can reach a build.
 */
function devVars(): Record<string, string> | undefined {
  const raw = process.env.WRIKE_PANE_DEV_VARS;
  if (!raw) return undefined;
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== "object" || parsed === null)
    throw new Error("WRIKE_PANE_DEV_VARS must be a JSON object");
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
}

/** The pane's own build environment (see `environments` below). */
const EMBED_ENV = "embed_pane";

/**
 * Svelte's package declares no sideEffects, so every runtime module it ships is kept whole; only
 * custom-element.js runs code at import (it defines a class for custom elements, which this app never
 * creates), and with it the legacy class-component API it imports.
 */
const treeshake = {
  moduleSideEffects: (id: string) =>
    !/node_modules\/svelte\/src\/(internal\/client\/dom\/elements\/custom-element|legacy\/legacy-client)\.js$/.test(
      id,
    ),
};

/**
 * The pane's first chunk should hold only the runtime its first screen runs. Rolldown keeps every module
 * that may have side effects where its importer runs, so with Svelte's runtime index (imported by every
 * component) in the entry chunk, all of the runtime went there, even what only the lazy screens use (each
 * blocks, bindings, attributes). None of it does anything at import but build constants (checked for
 * svelte 5.57: top-level statements are declarations, or values read from globals); the exceptions are the
 * flags (which set the compile mode), the version disclosure (window.__svelte) and the two modules above.
 */
const embedTreeshake = {
  moduleSideEffects: (id: string) =>
    treeshake.moduleSideEffects(id) &&
    (!/node_modules\/svelte\/src\//.test(id) ||
      /node_modules\/svelte\/src\/internal\/(flags\/|disclose-version\.js$)/.test(id)),
};

/**
 * Builds the pane's environment into the app's output folder (`<outDir>/client`, as the Cloudflare plugin
 * places the client's) once that plugin's own build (the Worker, then the app) is done.
 */
function buildEmbedAfterApp(): Plugin {
  let outDir = `${root}dist`;
  return {
    name: "wrike-pane:embed-build",
    config(c) {
      // Vite resolves a relative outDir from its root (web/), and so does this.
      if (c.build?.outDir) outDir = resolve(c.root ?? `${root}web`, c.build.outDir);
    },
    configEnvironment(name, c) {
      if (name === EMBED_ENV) (c.build ??= {}).outDir = `${outDir}/client`;
    },
    buildApp: {
      order: "post",
      async handler(builder) {
        const env = builder.environments[EMBED_ENV];
        if (env && !env.isBuilt) await builder.build(env);
      },
    },
  };
}

export default defineConfig(({ command, isPreview }) => {
  const vars = command === "serve" && !isPreview ? devVars() : undefined;
  return {
    root: `${root}web`,
    envDir: root,
    publicDir: `${root}web/public`,
    plugins: [
      svelte({ configFile: `${root}svelte.config.js` }),
      cloudflare({
        configPath: `${root}wrangler.toml`,
        persistState: false,
        // No debugger port: a second dev server or a test stack would clash over the default 9229.
        inspectorPort: false,
        ...(vars ? { config: { vars } } : {}),
      }),
      buildEmbedAfterApp(),
      // /embed.js from web/embed/loader.ts (after cloudflare(): in dev it answers the relay's ASSETS requests).
      embedLoader(),
      // /assets/return-visit.json: what the relay preloads for a return visit (worker/io/return-visit.ts).
      returnVisitPreloads(),
    ],
    build: { outDir: `${root}dist`, emptyOutDir: true },
    environments: {
      // Two pages in the browser build, each its own module graph: the app (the client environment), and
      // the embeddable pane the relay serves at /embed, built after it into the same folder. Apart, each
      // page's chunks hold only the exports it uses (a chunk shared by both would hold what either uses).
      // (The Worker's build has its own entry.)
      client: { build: { rolldownOptions: { input: { main: `${root}web/index.html` }, treeshake } } },
      [EMBED_ENV]: {
        consumer: "client",
        build: {
          // Into the app's folder (the relay serves one set of assets): see buildEmbedAfterApp.
          emptyOutDir: false,
          copyPublicDir: false,
          rolldownOptions: { input: { embed: `${root}web/embed.html` }, treeshake: embedTreeshake },
        },
      },
    },
    // cors: false: Vite adds no Access-Control-* headers of its own, so every response shows only the
    // relay's CORS (the relay decides who may call it, in dev, preview and production alike).
    server: { host: "localhost", port: 5173, strictPort: true, cors: false },
    preview: { host: "localhost", port: 4173, strictPort: true, cors: false },
  };
});
