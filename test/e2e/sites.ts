// What e2e tests need besides the app: Wrike's sign-in pages walked by a person, and another site on loopback.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { ADA } from "./sim.ts";

/** Ada at Wrike's login, account chooser and consent pages (whatever window `page` is), pressing Allow. */
export async function consentAtWrike(page: Page): Promise<void> {
  await page.getByRole("heading", { name: "Log in to Wrike (simulator)" }).waitFor();
  await page.getByLabel("Email").fill(ADA.email);
  await page.getByLabel("Password").fill(ADA.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("button", { name: ADA.account }).click();
  await page.getByRole("heading", { name: "Allow access" }).waitFor();
  await page.getByRole("button", { name: "Allow" }).click();
}

export interface Site {
  origin: string;
  close: () => Promise<void>;
}

/** Another site (an attacker's, say) on a free loopback port, answering every request with `page(req)`. */
export async function serveSite(page: (req: IncomingMessage, url: URL) => string): Promise<Site> {
  const server = createServer((req, res) => {
    const body = page(req, new URL(req.url ?? "/", "http://site.test"));
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
