// Starts the Wrike simulator (in Node) and a tiny echo upstream on ephemeral loopback ports and hands their
// addresses to the relay's bindings (vitest.config.ts) and to the tests (inject): the relay in workerd
// reaches both over real HTTP, and two checkouts can run these tests at once.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";
import { startSimulator, type Simulator } from "../wrike-sim/index.ts";
import { startEchoServer } from "./echo-server.ts";

let simulator: Simulator | undefined;
let echo: Server | undefined;

export async function setup(project: TestProject): Promise<void> {
  simulator = await startSimulator({
    clients: [
      {
        id: "relay-test-client",
        secret: "relay-test-secret",
        redirectUris: ["https://relay.test/auth/callback"],
      },
    ],
  });
  echo = await startEchoServer();
  project.provide("relayUpstreams", {
    login: simulator.loginOrigin,
    us: simulator.hosts.us,
    eu: simulator.hosts.eu,
    echo: `127.0.0.1:${(echo.address() as AddressInfo).port}`,
  });
}

export async function teardown(): Promise<void> {
  await simulator?.close();
  await new Promise((resolve) => (echo ? echo.close(resolve) : resolve(undefined)));
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The simulator's login origin and API hosts, and the echo upstream's host, of this run. */
    relayUpstreams: { login: string; us: string; eu: string; echo: string };
  }
}
