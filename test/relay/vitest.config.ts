// The relay's tests run inside workerd, against the simulator that globalSetup starts in Node on ephemeral
// ports: the bindings take its addresses from the setup (inject), so nothing here names a port.
import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("../..", import.meta.url));

export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => ({
      wrangler: { configPath: `${root}wrangler.toml` },
      miniflare: {
        bindings: {
          WRIKE_CLIENT_ID: "relay-test-client",
          WRIKE_CLIENT_SECRET: "relay-test-secret",
          // Two keys, as in a rotation: the first seals, both open.
          SESSION_SECRET:
            "relay-test-key-one-0123456789abcdef01234567,relay-test-key-two-0123456789abcdef01234567",
          WRIKE_OAUTH_BASE: inject("relayUpstreams").login,
          WRIKE_API_HOSTS: `${inject("relayUpstreams").us},${inject("relayUpstreams").eu}`,
          WRIKE_LOCAL: "1",
          ALLOWED_ORIGINS: "https://app.example.test",
          EMBED_ORIGINS: "https://embedder.test",
          // Short, so the timeout tests do not wait 30 s.
          UPSTREAM_TIMEOUT_MS: "1500",
        },
        // wrangler.toml names no assets directory (vite builds one); the tests serve a tiny fixture app.
        assets: {
          directory: `${root}test/relay/fixtures/assets`,
          binding: "ASSETS",
          assetConfig: { not_found_handling: "single-page-application" },
          routerConfig: { has_user_worker: true, invoke_user_worker_ahead_of_assets: true },
        },
      },
    })),
  ],
  test: {
    name: "relay",
    root,
    include: ["test/relay/**/*.test.ts"],
    globalSetup: ["test/relay/global-setup.ts"],
    setupFiles: ["test/relay/setup.ts"],
    // One simulator serves every file, and the tests change its faults and config: run files one by one.
    fileParallelism: false,
  },
});
