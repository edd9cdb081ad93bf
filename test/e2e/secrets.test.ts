// During a whole session (sign-in, browsing, silent refreshes, reload, sign-out) the refresh token and the
// client secret never reach anything page script can read, nor the built bundle.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { signIn, taskRows, until, waitForApp, waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { E2E_CLIENT, sim } from "./sim.ts";

// The simulator's tokens are JWT-shaped with a header naming their type (r = refresh, a = access),
// so every refresh token it ever mints starts with this, whatever its random part.
const prefix = (tt: string) =>
  Buffer.from(JSON.stringify({ tt, alg: "HS256", tv: "1" })).toString("base64url");
const REFRESH = prefix("r");
const ACCESS = prefix("a");
const SESSION_SECRET = /SESSION_SECRET=(.+)/.exec(readFileSync(".dev.vars.e2e", "utf8"))![1]!.trim();
const FORBIDDEN = {
  "refresh token": REFRESH,
  "client secret": E2E_CLIENT.secret,
  "session secret": SESSION_SECRET,
};

let context: BrowserContext;
let page: Page;
const bodies: Promise<string>[] = [];
const readable: string[] = [];

async function snapshot(p: Page): Promise<void> {
  readable.push(
    await p.evaluate(() =>
      JSON.stringify({ cookie: document.cookie, local: { ...localStorage }, session: { ...sessionStorage } }),
    ),
  );
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

beforeAll(async () => {
  await sim.reset();
  await sim.config({ accessTokenTtl: 5 });
  ({ context, page } = await newPage());
  context.on("response", (r) => bodies.push(r.text().catch(() => "")));
});
afterAll(async () => {
  await context.close();
  await sim.reset();
});

it("records a whole session", async () => {
  await signIn(page, { access: "write" });
  await snapshot(page);
  await page.locator("section.group").first().waitFor();
  await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "My tasks" }).click();
  await taskRows(page).first().click();
  await page.getByTestId("task-panel").locator("#comments-title").waitFor();
  await snapshot(page);
  // Let the 5-second token rotate a few times.
  const start = (await sim.stats()).token.refresh_token;
  await until(async () => (await sim.stats()).token.refresh_token >= start + 2, "two refreshes", 20_000);
  await page.reload();
  await waitForApp(page);
  await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "Profile" }).click();
  await page.getByTestId("profile-name").waitFor();
  await snapshot(page);
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await waitForText(page.getByTestId("signin-reason"), "You signed out.");
  await snapshot(page);
});

it("never exposes the refresh token or secrets to page script", async () => {
  const texts = await Promise.all(bodies);
  // The recording works: the access token (which the page may see) is in what it received.
  expect(texts.some((t) => t.includes(ACCESS))).toBe(true);
  expect(readable.length).toBe(4);
  for (const [what, secret] of Object.entries(FORBIDDEN)) {
    expect(texts.filter((t) => t.includes(secret)).length, `${what} in a response body`).toBe(0);
    expect(readable.filter((t) => t.includes(secret)).length, `${what} in cookies or storage`).toBe(0);
  }
  // The session cookie exists but is HttpOnly: document.cookie never showed it. The one readable cookie
  // is the relay's "a session exists" hint, whose whole value is "1".
  await signIn(page);
  const cookies = await context.cookies(E2E_APP_ORIGIN);
  expect(cookies.some((c) => c.name === "wp_session" && c.httpOnly)).toBe(true);
  for (const c of cookies)
    expect(c.httpOnly || (c.name === "wp_present" && c.value === "1"), c.name).toBe(true);
  expect(await page.evaluate(() => document.cookie)).toBe("wp_present=1");
});

it("keeps secrets out of the built bundle", () => {
  const client = files("dist/client");
  expect(client.some((f) => f.endsWith(".js"))).toBe(true);
  for (const f of client) {
    const text = readFileSync(f, "latin1");
    for (const [what, secret] of Object.entries(FORBIDDEN))
      expect(text.includes(secret), `${what} in ${f}`).toBe(false);
  }
});
