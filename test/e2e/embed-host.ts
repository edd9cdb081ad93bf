// An embedding page on another site (the origin EMBED_ORIGINS allows in [env.e2e]), and signing the pane in
// through its popup, for tests that look at the pane itself.
import { createServer } from "node:http";
import type { BrowserContext, Frame, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { until } from "./app.ts";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN, E2E_EMBED_HOST_PORT } from "./env.ts";
import { ADA, sim } from "./sim.ts";

const PORT = E2E_EMBED_HOST_PORT;
export const EMBED_HOST = `http://127.0.0.1:${PORT}`;

/** Serves `body` with the loader at EMBED_HOST/; resolves to a function that stops the server. */
export function embedHost(body: string): Promise<() => Promise<void>> {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Embedder</title></head>
<body style="margin:20px">
<h1>An embedding page</h1>
${body}
<script src="${E2E_APP_ORIGIN}/embed.js" async></script>
</body></html>`;
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  });
  return new Promise((resolve) =>
    server.listen(PORT, "127.0.0.1", () =>
      resolve(() => new Promise<void>((done) => server.close(() => done()))),
    ),
  );
}

/**
 * A test file's embedding page: serves `body` for the whole file, and gives each test a fresh browser page
 * (the simulator reset first). Read `page` and `context` inside the tests.
 */
export function useEmbedHost(body: string): { readonly page: Page; readonly context: BrowserContext } {
  let stop: (() => Promise<void>) | undefined;
  let current: { context: BrowserContext; page: Page } | undefined;
  beforeAll(async () => {
    stop = await embedHost(body);
  });
  afterAll(async () => {
    await stop?.();
  });
  beforeEach(async () => {
    await sim.reset();
    current = await newPage();
  });
  afterEach(async () => {
    await current?.context.close();
  });
  const now = () => {
    if (!current) throw new Error("useEmbedHost: read page and context inside a test");
    return current;
  };
  return {
    get page() {
      return now().page;
    },
    get context() {
      return now().context;
    },
  };
}

/** The pane's frame in the embedding page. */
export async function paneFrame(page: Page, selector = "#pane iframe"): Promise<Frame> {
  const handle = await page.waitForSelector(selector);
  let frame: Frame | null = null;
  await until(async () => (frame = await handle.contentFrame()) !== null, "the pane's frame");
  return frame!;
}

/** Clicks the pane's sign-in and goes through Wrike's login, account chooser and consent in the popup. */
export async function signInInPopup(context: BrowserContext, frame: Frame): Promise<void> {
  const opened = context.waitForEvent("page");
  await frame.getByRole("button", { name: "Sign in with Wrike" }).click();
  const popup = await opened;
  await popup.getByRole("heading", { name: "Log in to Wrike (simulator)" }).waitFor();
  await popup.getByLabel("Email").fill(ADA.email);
  await popup.getByLabel("Password").fill(ADA.password);
  await popup.getByRole("button", { name: "Log in" }).click();
  await popup.getByRole("button", { name: ADA.account }).click();
  await popup.getByRole("heading", { name: "Allow access" }).waitFor();
  await popup.getByRole("button", { name: "Allow" }).click();
  await until(() => popup.isClosed(), "the popup to close itself");
}
