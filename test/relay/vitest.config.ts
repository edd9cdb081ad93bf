// The relay's tests run inside workerd, against the simulator that globalSetup starts in Node.
import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("../..", import.meta.url));

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: `${root}wrangler.toml` },
      miniflare: {
        bindings: {
          WRIKE_CLIENT_ID: "relay-test-client",
          WRIKE_CLIENT_SECRET: "relay-test-secret",
          SESSION_SECRET: "dGVzdC1rZXktMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3",
        },
      },
    }),
  ],
  test: {
    name: "relay",
    root,
    include: ["test/relay/**/*.test.ts"],
  },
});
