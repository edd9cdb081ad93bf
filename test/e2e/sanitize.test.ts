// Wrike HTML that tries to beacon or phish: only Wrike's images, no app classes/ids/dialogs, no links to the relay, a silent console.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { LINK_REL, DEFAULT_IMAGE_ALT } from "../../web/ui/sanitize-rules.ts";
import { signIn, until, waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { axeSerious } from "./checks.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { ADA, SIM_HOSTS, SIM_LOGIN, sim, wrikeAs } from "./sim.ts";

let context: BrowserContext;
let page: Page;
let wrike: Awaited<ReturnType<typeof wrikeAs>>;
let hostileId: string;
/** Console lines and CSP violation events, from the moment the hostile task is opened. */
const console_: string[] = [];
const requests: string[] = [];
const dialogs: string[] = [];

const WRIKE_IMAGE = `http://${SIM_HOSTS.us}/avatars/`;
const RELAY_LOGIN = `${E2E_APP_ORIGIN}/auth/login?mode=popup&return_to=/embed&access=write&handoff=AAAAAAAAAAAAAAAAAAAAAA`;

/** Posts as Ada straight to the simulator (not through the app): what another Wrike user could write. */
async function comment(taskId: string, text: string): Promise<void> {
  const account = wrike.user.accounts.find((a) => a.host === "us")!;
  const res = await fetch(`http://${SIM_HOSTS.us}/api/v4/tasks/${taskId}/comments`, {
    method: "POST",
    headers: { Authorization: `bearer ${account.permanentToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ text }),
  });
  if (!res.ok) throw new Error(`POST comment: ${res.status} ${await res.text()}`);
}

beforeAll(async () => {
  await sim.reset();
  wrike = await wrikeAs(ADA.email);
  const list = await wrike.get<{ id: string; title: string }>("tasks", { title: "Check <img" });
  hostileId = list.data[0]!.id;
  const avatar = `${WRIKE_IMAGE}${wrike.user.id}.svg`;
  await comment(
    hostileId,
    `Screenshots: <img src="${avatar}"> <img src="${avatar}?t" title="Ada's avatar"> <img src="${avatar}?a" alt="Avatar">` +
      ` <a href="${RELAY_LOGIN}">Absolute relay link</a> <a href="https://example.com/ok">Outside link</a>`,
  );
  ({ context, page } = await newPage());
  await page.setViewportSize({ width: 1280, height: 800 });
  // Violation events too: the console wording may change, the event is the platform's own report.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`CSP violation event: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  page.on("console", (m) => console_.push(`${m.type()}: ${m.text()}`));
  page.on("request", (r) => requests.push(r.url()));
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await signIn(page);
});
afterAll(async () => {
  await context.close();
  // Leave the seed as the next file expects it.
  await sim.reset();
});

async function openHostile(): Promise<void> {
  console_.length = 0;
  requests.length = 0;
  await page.goto(`${E2E_APP_ORIGIN}/tasks/${hostileId}`);
  const panel = page.getByTestId("task-panel");
  await waitForText(panel.getByTestId("task-description"), "Read me carefully.");
  await waitForText(panel.getByTestId("task-comments"), "Outside link");
}

it("keeps no class, id, background, poster, dialog, media or image map from Wrike's HTML", async () => {
  await openHostile();
  const report = await page.getByTestId("task-panel").evaluate((panel) => {
    const rich = Array.from(panel.querySelectorAll(".rich *"));
    return {
      attrs: rich.flatMap((e) =>
        ["class", "id", "background", "poster", "usemap", "style", "name", "tabindex", "role"]
          .filter((a) => e.hasAttribute(a))
          .map((a) => `${e.tagName}[${a}]`),
      ),
      tags: rich.filter((e) => /^(dialog|video|audio|source|map|area|template)$/i.test(e.tagName)).length,
      panelTitles: document.querySelectorAll("#panel-title").length,
      text: panel.querySelector("[data-testid=task-description]")!.textContent ?? "",
      styled: Array.from(panel.querySelectorAll<HTMLAnchorElement>(".rich a")).find((a) =>
        a.textContent?.includes("Styled as"),
      )?.outerHTML,
    };
  });
  expect(report.attrs).toEqual([]);
  expect(report.tags).toBe(0);
  // The payload's id="panel-title" did not survive to shadow the panel's own heading.
  expect(report.panelTitles).toBe(1);
  // The fake dialog went with its text; the table cell's text stayed, without its background.
  expect(report.text).not.toContain("Your Wrike session expired");
  expect(report.text).toContain("Cell with a background");
  expect(report.styled).toBe(
    `<a href="https://example.com/styled" target="_blank" rel="${LINK_REL}">Styled as the app's button</a>`,
  );
});

it("shows only images from the session's Wrike host, each with an alt; others become links or text", async () => {
  const panel = page.getByTestId("task-panel");
  const images = await panel.evaluate((p) =>
    Array.from(p.querySelectorAll<HTMLImageElement>(".rich img")).map((i) => ({
      src: i.getAttribute("src"),
      alt: i.getAttribute("alt"),
      referrer: i.getAttribute("referrerpolicy"),
    })),
  );
  const avatar = `${WRIKE_IMAGE}${wrike.user.id}.svg`;
  expect(images).toEqual([
    { src: avatar, alt: DEFAULT_IMAGE_ALT, referrer: "no-referrer" },
    { src: `${avatar}?t`, alt: "Ada's avatar", referrer: "no-referrer" },
    { src: `${avatar}?a`, alt: "Avatar", referrer: "no-referrer" },
  ]);
  // They really load under the page's CSP (the simulator's avatars).
  await until(
    () =>
      panel.evaluate((p) =>
        Array.from(p.querySelectorAll<HTMLImageElement>(".rich img")).every(
          (i) => i.complete && i.naturalWidth > 0,
        ),
      ),
    "the Wrike images to load",
  );

  // A foreign image is a plain link whose text is where it goes.
  const tracked = panel.getByRole("link", { name: "https://tracker.evil.example/pixel.gif?reader=1" });
  expect(await tracked.getAttribute("href")).toBe("https://tracker.evil.example/pixel.gif?reader=1");
  expect(await tracked.getAttribute("target")).toBe("_blank");
  expect(await tracked.getAttribute("rel")).toBe(LINK_REL);
  // The comment's foreign image too.
  await panel.getByRole("link", { name: "https://tracker.evil.example/comment.gif" }).waitFor();
  // A data: image keeps its title as text; a relay-served one (relative URL) is gone.
  const description = await panel.getByTestId("task-description").textContent();
  expect(description).toContain("Inline pixel");
  expect(description).toContain("Relay-served image");
  expect(await panel.locator(".rich img[src*='/api/']").count()).toBe(0);

  // Nothing was fetched from anywhere but the app and the simulator's Wrike host.
  const foreign = requests.filter((u) => {
    const o = new URL(u).origin;
    return o !== E2E_APP_ORIGIN && o !== `http://${SIM_HOSTS.us}` && o !== SIM_LOGIN;
  });
  expect(foreign).toEqual([]);
  expect(requests.some((u) => u.includes("/api/v4/attachments/IEAAAAAAAAAAAAAA"))).toBe(false);
});

it("links nowhere on the relay, and a link without its href does not look like a link", async () => {
  const panel = page.getByTestId("task-panel");
  const links = await panel.evaluate((p) =>
    Array.from(p.querySelectorAll<HTMLAnchorElement>(".rich a")).map((a) => ({
      href: a.getAttribute("href"),
      origin: a.href ? new URL(a.href).origin : null,
      target: a.getAttribute("target"),
      rel: a.getAttribute("rel"),
    })),
  );
  expect(links.length).toBeGreaterThan(3);
  for (const l of links) {
    expect(l.href).toMatch(/^(https?:|mailto:)/);
    expect(l.origin).not.toBe(E2E_APP_ORIGIN);
    expect(l.target).toBe("_blank");
    expect(l.rel).toBe(LINK_REL);
  }
  // The relay's sign-in (relative in the description and the seeded comment, absolute in ours), the
  // javascript: link and the mention keep their words as plain text: not links, not link-coloured.
  for (const text of ["Re-authorise Wrike Pane", "sign in again", "Absolute relay link", "Open the report"]) {
    const shown = await panel.evaluate((p, text) => {
      const el = Array.from(p.querySelectorAll(".rich span, .rich a")).find((e) => e.textContent === text);
      return el
        ? { tag: el.tagName, link: el.closest("a") !== null, cursor: getComputedStyle(el).cursor }
        : null;
    }, text);
    expect(shown, text).toEqual({ tag: "SPAN", link: false, cursor: "auto" });
  }
  expect(await panel.getByRole("link", { name: "Outside link" }).getAttribute("href")).toBe(
    "https://example.com/ok",
  );
});

it("opens the hostile task without a CSP error in the console, a script or an axe image-alt finding", async () => {
  await openHostile();
  // Let late work (lazy images, deferred parsing) report too.
  await page.waitForTimeout(500);
  expect(console_.filter((l) => /Content Security Policy|CSP violation/i.test(l))).toEqual([]);
  expect(console_.filter((l) => l.startsWith("error:"))).toEqual([]);
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss ?? null)).toBeNull();
  const sanitiserRules = new Set([
    "image-alt",
    "role-img-alt",
    "link-name",
    "duplicate-id-aria",
    "marquee",
    "blink",
    "valid-lang",
    "aria-allowed-attr",
  ]);
  expect((await axeSerious(page)).filter((f) => sanitiserRules.has(f.id))).toEqual([]);
});

it("shows no Open in Wrike link for a permalink that is not http(s)", async () => {
  // A hostile Wrike answer: the task as Wrike sent it, with its permalink swapped for a script URL.
  await page.route(`${E2E_APP_ORIGIN}/api/v4/tasks/${hostileId}*`, async (route) => {
    const res = await route.fetch();
    const body = (await res.json()) as { data: { permalink?: string }[] };
    for (const t of body.data) t.permalink = "javascript:window.__xss='permalink'";
    await route.fulfill({ response: res, json: body });
  });
  await page.goto(`${E2E_APP_ORIGIN}/tasks/${hostileId}`);
  const panel = page.getByTestId("task-panel");
  await waitForText(panel.getByTestId("task-description"), "Read me carefully.");
  expect(await panel.getByRole("link", { name: /Open in Wrike/ }).count()).toBe(0);
  expect(await panel.locator("a[href^='javascript:' i]").count()).toBe(0);
  await page.unroute(`${E2E_APP_ORIGIN}/api/v4/tasks/${hostileId}*`);
});
