// The proxy-as-origin script path, attempted in real Chromium: hostile SVG and HTML attachments that the
// simulator serves (typed as themselves, with no Content-Disposition: Wrike's worst case), opened through
// the relay as a page, a frame, a script or an image, with the attacker's token in the query.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SEEDED_ATTACHMENTS } from "../wrike-sim/index.ts";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { ADA, sim, SIM_HOSTS } from "./sim.ts";
import { serveSite, type Site } from "./sites.ts";

const hostile = SEEDED_ATTACHMENTS.filter((a) => a.host === "us" && a.hostile);

let token = "";
let evil: Site;
let context: BrowserContext;
let page: Page;
let dialogs: string[];

const download = (id: string, name: string, query = "") =>
  `${E2E_APP_ORIGIN}/api/v4/attachments/${id}/download/${encodeURIComponent(name)}${query}`;

/** Whether anything of the hostile files ran in this page or any of its frames. */
async function ranAnything(p: Page): Promise<boolean> {
  for (const frame of p.frames()) {
    const flagged = await frame.evaluate(() => "__xss" in window).catch(() => false);
    if (flagged) return true;
  }
  return dialogs.length > 0;
}

beforeAll(async () => {
  const ada = (await sim.users()).find((u) => u.email === ADA.email);
  token = ada?.accounts.find((a) => a.host === "us")?.permanentToken ?? "";
  evil = await serveSite((_req, url) => url.searchParams.get("html") ?? "");
});
afterAll(() => evil.close());
beforeEach(async () => {
  await sim.reset();
  await sim.config({ attachmentDownload: "typed-no-disposition" });
  ({ context, page } = await newPage());
  dialogs = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
});
afterEach(async () => {
  await context.close();
});

describe("hostile attachments through the proxy", () => {
  it("the simulator really serves script-bearing SVG and HTML (so the checks below mean something)", async () => {
    expect(hostile.map((a) => a.kind).sort()).toEqual(["html", "svg"]);
    for (const a of hostile) {
      const res = await fetch(`http://${SIM_HOSTS.us}/api/v4/attachments/${a.id}/download/${a.name}`, {
        headers: { authorization: `bearer ${token}` },
      });
      expect(res.headers.get("content-type")).toContain(a.kind === "svg" ? "image/svg+xml" : "text/html");
      expect(await res.text()).toContain("<script");
    }
  });

  it("opened as a page with the attacker's token in the query: refused, nothing runs on the relay's origin", async () => {
    for (const a of hostile) {
      const res = await page.goto(download(a.id, a.name, `?access_token=${token}`));
      expect(res?.status(), a.name).toBe(400);
      expect(res?.headers()["content-type"]).toMatch(/^application\/json/);
      expect(await page.locator("body").innerText()).toContain("bad_request");
      expect(await ranAnything(page)).toBe(false);
    }
  });

  it("framed, loaded as a script or an image by another site: refused, nothing runs", async () => {
    const statuses: number[] = [];
    page.on("response", (r) => {
      if (r.url().startsWith(`${E2E_APP_ORIGIN}/api/`)) statuses.push(r.status());
    });
    const tags = hostile
      .flatMap((a) => [
        `<iframe src="${download(a.id, a.name, `?access_token=${token}`)}"></iframe>`,
        `<script src="${download(a.id, a.name, `?access_token=${token}`)}"></script>`,
        `<img src="${download(a.id, a.name)}">`,
        `<iframe src="${download(a.id, a.name)}"></iframe>`,
      ])
      .join("\n");
    await page.goto(`${evil.origin}/?html=${encodeURIComponent(`<!doctype html><title>x</title>${tags}`)}`);
    await page.waitForLoadState("load");
    await page.waitForTimeout(500);
    // Chromium may fold identical requests and block script/image answers before they are reported;
    // the frames' two navigations per file always reach the relay.
    expect(statuses.length).toBeGreaterThanOrEqual(hostile.length * 2);
    expect(statuses.every((s) => s === 400 || s === 401)).toBe(true);
    expect(await ranAnything(page)).toBe(false);
  });

  it("fetched by the app's own code with Authorization: a sandboxed download, never a document", async () => {
    await page.goto(`${E2E_APP_ORIGIN}/`);
    for (const a of hostile) {
      const seen = await page.evaluate(
        async ({ url, token, host }) => {
          const res = await fetch(url, {
            headers: { authorization: `bearer ${token}`, "x-wrike-host": host },
          });
          const h = (n: string) => res.headers.get(n);
          return {
            status: res.status,
            disposition: h("content-disposition"),
            csp: h("content-security-policy"),
            corp: h("cross-origin-resource-policy"),
            nosniff: h("x-content-type-options"),
          };
        },
        { url: download(a.id, a.name), token, host: SIM_HOSTS.us },
      );
      expect(seen).toEqual({
        status: 200,
        disposition: "attachment",
        csp: "default-src 'none'; sandbox",
        corp: "same-origin",
        nosniff: "nosniff",
      });
    }
    expect(await ranAnything(page)).toBe(false);
  });
});
