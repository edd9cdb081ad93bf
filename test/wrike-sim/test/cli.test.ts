// `npm run sim` (test/wrike-sim/main.ts): starts under plain Node type stripping, prints its URLs and
// the demo credentials, serves the demo login page, and stops on SIGTERM.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";

const main = fileURLToPath(new URL("../main.ts", import.meta.url));
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
});

it("prints its URLs, credentials and a curl walk-through, and serves the demo pages", async () => {
  child = spawn(process.execPath, [main], {
    env: { ...process.env, SIM_LOGIN_PORT: "0", SIM_US_PORT: "0", SIM_EU_PORT: "0", SIM_TASK_COUNT: "20" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const started = Date.now();
  while (!out.includes("__sim/reset") && Date.now() - started < 10_000)
    await new Promise((r) => setTimeout(r, 50));
  expect(out).toContain("Wrike simulator running");
  expect(out).toContain("ada@acme.test");
  expect(out).toContain("password for all: wrike-demo");
  expect(out).toContain('curl -s -H "Authorization: bearer ');
  const login = /login \/ OAuth : (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
  const us = /US data centre: (http:\/\/127\.0\.0\.1:\d+)\/api\/v4/.exec(out)?.[1];
  const token = /permanent token: (\S+)/.exec(out)?.[1];
  expect(login).toBeDefined();
  const page = await (
    await fetch(
      `${login}/oauth2/authorize/v4?client_id=wrike-pane-demo&response_type=code&redirect_uri=${encodeURIComponent("http://localhost:5173/auth/callback")}`,
    )
  ).text();
  expect(page).toContain("Demo accounts");
  const me = await fetch(`${us}/api/v4/contacts?me=true`, { headers: { Authorization: `bearer ${token}` } });
  expect(((await me.json()) as { data: { firstName: string }[] }).data[0]?.firstName).toBe("Ada");
  const exited = new Promise<number | null>((resolve) => child?.once("exit", resolve));
  child.kill("SIGTERM");
  expect(await exited).toBe(0);
});
