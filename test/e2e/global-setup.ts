// Starts what every e2e file shares: the Wrike simulator, the built app served by `vite preview`, and one
// Chromium.
import type { ChildProcess } from "node:child_process";
import { chromium, type BrowserServer } from "playwright-core";
import type { TestProject } from "vitest/node";
import { startSimulator, type Simulator } from "../wrike-sim/index.ts";
import { E2E_CLIENT, E2E_SIM_PORTS, buildE2E, startPreview } from "../support/stack.ts";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./env.ts";

let preview: ChildProcess | undefined;
let browser: BrowserServer | undefined;
let simulator: Simulator | undefined;

export async function setup(project: TestProject): Promise<void> {
  await buildE2E();
  preview = await startPreview();
  // The ports are the ones wrangler.toml's [env.e2e] points the relay at.
  simulator = await startSimulator({ ...E2E_SIM_PORTS, clients: [E2E_CLIENT] });
  browser = await chromium.launchServer({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  project.provide("browserWsEndpoint", browser.wsEndpoint());
}

export async function teardown(): Promise<void> {
  await browser?.close();
  preview?.kill("SIGTERM");
  await simulator?.close();
}

declare module "vitest" {
  export interface ProvidedContext {
    browserWsEndpoint: string;
  }
}
