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
  environments: {
    // Two pages in the browser build: the app, and the embeddable pane the relay serves at /embed.
    // (On the client environment only: the Worker's build has its own entry.)
    client: {
      build: {
        rolldownOptions: { input: { main: `${root}web/index.html`, embed: `${root}web/embed.html` } },
      },
    },
  },
  server: { host: "localhost", port: 5173, strictPort: true },
  preview: { host: "localhost", port: 4173, strictPort: true },
});
