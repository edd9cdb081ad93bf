// Every test project `npm test` runs: unit, simulator conformance, the deploy dry run, relay (in workerd)
// and e2e (Chromium).
import { fileURLToPath } from "node:url";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  test: {
    root,
    projects: [
      {
        // The Svelte plugin compiles the `.svelte.ts` state modules (runes) that the unit tests import.
        plugins: [svelte({ configFile: `${root}svelte.config.js` })],
        test: {
          name: "unit",
          root,
          include: ["test/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "sim",
          root,
          include: ["test/wrike-sim/test/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          // `npm run deploy -- --dry-run` in a fresh copy of the project (builds there, not in dist/).
          name: "deploy",
          root,
          include: ["test/deploy/**/*.test.ts"],
          environment: "node",
          testTimeout: 180_000,
          hookTimeout: 60_000,
        },
      },
      "test/relay/vitest.config.ts",
      "test/e2e/vitest.config.ts",
    ],
  },
});
