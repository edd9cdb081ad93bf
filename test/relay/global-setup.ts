// Starts the Wrike simulator (in Node) on the relay tests' fixed loopback ports, and a tiny echo upstream;
// the relay in workerd reaches both over real HTTP.
import type { Server } from "node:http";
import { startSimulator, type Simulator } from "../wrike-sim/index.ts";
import { startEchoServer } from "./echo-server.ts";

let simulator: Simulator | undefined;
let echo: Server | undefined;

export async function setup(): Promise<void> {
  simulator = await startSimulator({
    loginPort: 8811,
    usPort: 8812,
    euPort: 8813,
    clients: [
      {
        id: "relay-test-client",
        secret: "relay-test-secret",
        redirectUris: ["https://relay.test/auth/callback"],
      },
    ],
  });
  echo = await startEchoServer();
}

export async function teardown(): Promise<void> {
  await simulator?.close();
  await new Promise((resolve) => (echo ? echo.close(resolve) : resolve(undefined)));
}
