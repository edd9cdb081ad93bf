// First-load gzip bytes of the app, the embed pane and /embed.js, beside an empty Svelte 5 app built the same way.
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { build } from "vite";
import { root } from "../support/stack.ts";
import { BUDGET } from "./budgets.ts";
import type { BenchContext } from "./context.ts";
import { budget, kB, say, section, table } from "./report.ts";

export const gz = (path: string): number => gzipSync(readFileSync(path), { level: 9 }).length;

export interface FirstLoad {
  js: number;
  css: number;
  /** The files, relative to the client folder ("assets/main-….js"). */
  files: Set<string>;
}

/** Gzipped bytes of the JS and CSS a page's HTML loads up front (its script, modulepreloads, stylesheets). */
export function firstLoad(client: string, page: string): FirstLoad {
  const html = readFileSync(`${client}/${page}`, "utf8");
  const files = new Set(
    [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!),
  );
  let js = 0;
  let css = 0;
  for (const file of files) {
    if (file.endsWith(".js")) js += gz(`${client}/${file}`);
    else css += gz(`${client}/${file}`);
  }
  return { js, css, files };
}

/** The Vite template's counter in Svelte 5 ($state, an event handler, a mount): the least a Svelte app ships. */
async function buildEmptySvelte(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  symlinkSync(`${root}node_modules`, `${dir}/node_modules`, "dir");
  writeFileSync(
    `${dir}/index.html`,
    `<!doctype html><html lang="en"><head><meta charset="utf-8" /><title>Empty</title></head><body><div id="app"></div><script type="module" src="/main.ts"></script></body></html>\n`,
  );
  writeFileSync(
    `${dir}/main.ts`,
    `import { mount } from "svelte";\nimport App from "./App.svelte";\nmount(App, { target: document.getElementById("app")! });\n`,
  );
  writeFileSync(
    `${dir}/App.svelte`,
    `<script lang="ts">\n  let count = $state(0);\n</script>\n\n<button onclick={() => count++}>count is {count}</button>\n`,
  );
  await build({
    root: dir,
    configFile: false,
    logLevel: "warn",
    plugins: [svelte({ configFile: `${root}svelte.config.js` })],
    build: { outDir: `${dir}/dist`, emptyOutDir: true },
  });
  return `${dir}/dist`;
}

export async function benchBundle(ctx: BenchContext): Promise<void> {
  section("First-load bytes, gzip -9: the script, modulepreloads and stylesheets each page's HTML names");
  const client = `${ctx.dist}/client`;
  const app = firstLoad(client, "index.html");
  const embed = firstLoad(client, "embed.html");
  const loader = gz(`${client}/embed.js`);
  const empty = firstLoad(await buildEmptySvelte(`${ctx.tmp}/empty-svelte`), "index.html");
  const lazy = readdirSync(`${client}/assets`)
    .filter((f) => f.endsWith(".js") && !app.files.has(`assets/${f}`) && !embed.files.has(`assets/${f}`))
    .reduce((sum, f) => sum + gz(`${client}/assets/${f}`), 0);
  const files = (l: FirstLoad) =>
    [...l.files].map((f) => `${f.replace(/^assets\//, "")} ${kB(gz(`${client}/${f}`))}`).join(", ");
  table(
    ["page", "JS", "CSS", "files"],
    [
      ["app (index.html)", kB(app.js), kB(app.css), files(app)],
      ["embed pane (embed.html)", kB(embed.js), kB(embed.css), files(embed)],
      ["loader (/embed.js)", kB(loader), "", "one file, built from web/embed/loader.ts"],
      ["empty Svelte 5 app", kB(empty.js), kB(empty.css), "the Vite counter, same vite + plugin"],
      ["loaded later (lazy chunks)", kB(lazy), "", "every other JS chunk, all together"],
    ],
  );
  say(
    `  the app ships ${kB(app.js - empty.js)} of JS above an empty Svelte app; the embed pane ${kB(embed.js - empty.js)}`,
  );
  budget("app first-load JS", `<= ${kB(BUDGET.appJsBytes)}`, kB(app.js), app.js <= BUDGET.appJsBytes);
  budget(
    "embed pane first-load JS",
    `<= ${kB(BUDGET.embedJsBytes)}`,
    kB(embed.js),
    embed.js <= BUDGET.embedJsBytes,
  );
  budget("/embed.js loader", `<= ${kB(BUDGET.loaderBytes)}`, kB(loader), loader <= BUDGET.loaderBytes);
}
