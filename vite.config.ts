// Builds the app (web/) and the relay (worker/) together; `vite dev` runs both on one origin.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { cloudflare } from "@cloudflare/vite-plugin";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: `${root}web`,
  envDir: root,
  publicDir: `${root}web/public`,
  plugins: [
    svelte({ configFile: `${root}svelte.config.js` }),
    cloudflare({ configPath: `${root}wrangler.toml`, persistState: false }),
  ],
  build: { outDir: `${root}dist`, emptyOutDir: true },
  server: { host: "localhost", port: 5173, strictPort: true },
  preview: { host: "localhost", port: 4173, strictPort: true },
});
