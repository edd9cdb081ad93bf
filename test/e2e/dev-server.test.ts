// `npm run dev` (scripts/dev.ts: the simulator + vite dev with the demo env) as a newcomer meets it: deep
// links that survive a reload in Chromium, the simulator settings, a second run, and only the relay's CORS.
import { spawn, type ChildProcess } from "node:child_process";
import { stripVTControlCharacters } from "node:util";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { until, waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { ADA } from "./sim.ts";
import { root } from "../support/stack.ts";

const TASK_COUNT = 40;
const ACCESS_TTL = 900;
const REFRESH_TTL = 7200;

interface DevRun {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `node scripts/dev.ts` in its own process group (so the whole stack can be stopped at once). */
function startDev(args: string[], env: NodeJS.ProcessEnv): DevRun {
  const child = spawn(process.execPath, ["scripts/dev.ts", ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  // CI may force colours on; the checks read the text, not the escapes between its words.
  return { child, output: () => stripVTControlCharacters(output), exited };
}

let dev: DevRun;
let app = "";
let simLogin = "";
let usHost = "";
let token = "";
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  // Ephemeral ports everywhere: this must not meet a demo someone is running, nor the e2e stack.
  dev = startDev(["--port", "0"], {
    SIM_LOGIN_PORT: "0",
    SIM_US_PORT: "0",
    SIM_EU_PORT: "0",
    SIM_TASK_COUNT: String(TASK_COUNT),
    SIM_ACCESS_TOKEN_TTL: String(ACCESS_TTL),
    SIM_REFRESH_TOKEN_TTL: String(REFRESH_TTL),
  });
  await until(() => /Open (http:\S+)/.test(dev.output()), "the demo's banner", 60_000);
  const out = dev.output();
  expect(out, "no .dev.vars credentials may be set for this test").toContain("Wrike Pane demo");
  app = out.match(/Open (http:\S+)/)![1]!;
  simLogin = out.match(/Simulator login: (http:\S+)/)![1]!;
  usHost = out.match(/data centres: (\S+) \(US\)/)![1]!;
  token = out.match(/permanent token: (\S+)/)![1]!;
  await until(
    async () => (await fetch(`${app}/`).catch(() => null))?.ok === true,
    `vite dev at ${app}`,
    90_000,
  );
  ({ page } = await newPage());
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(e.message));
}, 150_000);

afterAll(async () => {
  if (dev?.child.pid && dev.child.exitCode === null) {
    process.kill(-dev.child.pid, "SIGTERM");
    await dev.exited;
  }
});

/** The simulator's API as Ada with the permanent token the demo printed. */
async function asAda<T>(path: string): Promise<T> {
  const res = await fetch(`http://${usHost}/api/v4/${path}`, {
    headers: { Authorization: `bearer ${token}` },
  });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

it("starts without reaching the internet and without a debugger port", () => {
  const out = dev.output();
  expect(out).not.toMatch(/workers\.cloudflare\.com|cf\.json|EADDRINUSE|Debugger listening|Debug Workers/i);
  expect(out).toMatch(/VITE v\d/);
});

it("prints a permanent token that works at the data centre it names, and honours the SIM_* settings", async () => {
  const me = await asAda<{ data: { primaryEmail?: string; profiles?: { email: string }[] }[] }>(
    "contacts?me=true",
  );
  expect(JSON.stringify(me.data[0])).toContain(ADA.email);
  const tasks = await asAda<{ responseSize: number }>("tasks?pageSize=1000");
  // 300 tasks by default give about 250 here; SIM_TASK_COUNT=40 gives at most 40.
  expect(tasks.responseSize).toBeGreaterThan(0);
  expect(tasks.responseSize).toBeLessThanOrEqual(TASK_COUNT);
  const { config } = (await (await fetch(`${simLogin}/__sim/config`)).json()) as { config: unknown };
  expect(config).toMatchObject({ accessTokenTtl: ACCESS_TTL, refreshTokenTtl: REFRESH_TTL });
});

it("a deep link to a task shows it after sign-in, and again after a reload", async () => {
  const list = await asAda<{ data: { id: string; title: string }[] }>("tasks?pageSize=50");
  const task = list.data.find((t) => !/[<&]/.test(t.title))!;
  await page.goto(`${app}/tasks/${task.id}`);
  // Signed out, the deep link shows the app's sign-in screen (a blank page before the fix).
  await page.getByRole("link", { name: "Sign in with Wrike" }).click();
  await page.getByLabel("Email").fill(ADA.email);
  await page.getByLabel("Password").fill(ADA.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("button", { name: ADA.account }).click();
  await page.getByRole("button", { name: "Allow" }).click();
  const title = page.getByTestId("task-panel").locator("#panel-title");
  await waitForText(title, task.title, 30_000);
  expect(new URL(page.url()).pathname).toBe(`/tasks/${task.id}`);

  await page.reload();
  await waitForText(title, task.title, 30_000);
  expect(consoleErrors.filter((e) => /module script|MIME type/i.test(e))).toEqual([]);
});

it("serves the embed pane's module from the root too", async () => {
  const html = await (await fetch(`${app}/embed`)).text();
  const src = html.match(/<script type="module" src="([^"]*embed[^"]*)"/)?.[1];
  expect(src).toMatch(/^\//);
  const script = await fetch(`${app}${src}`);
  expect(script.headers.get("content-type")).toMatch(/javascript/);
});

it("a second npm run dev on the same port says the demo is already running, without a stack trace", async () => {
  const second = startDev(["--port", new URL(app).port], {
    SIM_LOGIN_PORT: "0",
    SIM_US_PORT: "0",
    SIM_EU_PORT: "0",
  });
  const code = await second.exited;
  expect(code).toBe(1);
  expect(second.output()).toContain(`the demo is already running at ${app}`);
  expect(second.output()).not.toMatch(/EADDRINUSE|\n\s+at /);
});

it("neither vite dev nor vite preview adds CORS headers of its own", async () => {
  for (const origin of [app, E2E_APP_ORIGIN]) {
    for (const [method, path] of [
      ["GET", "/"],
      ["OPTIONS", "/api/v4/tasks"],
      ["GET", "/tasks/x"],
    ] as const) {
      const res = await fetch(`${origin}${path}`, {
        method,
        headers: { Origin: "http://localhost:9999", "Access-Control-Request-Method": "GET" },
      });
      expect(res.headers.get("access-control-allow-origin"), `${method} ${origin}${path}`).toBeNull();
      expect(res.headers.get("access-control-allow-credentials"), `${method} ${origin}${path}`).toBeNull();
    }
  }
});
