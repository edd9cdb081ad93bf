// Starts what every e2e file shares, each on an ephemeral port of its own: the Wrike simulator, the built
// app served by `vite preview` (its relay pointed at that simulator), and one Chromium. The addresses go
// to the test workers in their environment (./env.ts, ./sim.ts), so two checkouts can run e2e at once.
import type { ChildProcess } from "node:child_process";
import { chromium, type BrowserServer } from "playwright-core";
import type { TestProject } from "vitest/node";
import { startSimulator, type Simulator } from "../wrike-sim/index.ts";
import {
  buildE2E,
  e2eClient,
  E2E_STACK_ENV,
  freePort,
  startPreview,
  type E2EStack,
} from "../support/stack.ts";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium.ts";

let preview: ChildProcess | undefined;
let browser: BrowserServer | undefined;
let simulator: Simulator | undefined;

export async function setup(project: TestProject): Promise<void> {
  const previewPort = await freePort();
  const appOrigin = `http://localhost:${previewPort}`;
  simulator = await startSimulator({ clients: [e2eClient(appOrigin)] });
  const stack: E2EStack = {
    appOrigin,
    previewPort,
    simLogin: simulator.loginOrigin,
    simHosts: simulator.hosts,
    embedHostPort: await freePort(),
    foreignPort: await freePort(),
  };
  await buildE2E(stack);
  preview = await startPreview(previewPort);
  browser = await chromium.launchServer({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  // Workers start after this setup, with its environment.
  process.env[E2E_STACK_ENV] = JSON.stringify(stack);
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
