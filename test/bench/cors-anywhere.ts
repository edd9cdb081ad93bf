// cors-anywhere (the npm package, in this Node process) on an ephemeral loopback port, with its defaults.
import type { AddressInfo } from "node:net";
import { createServer } from "cors-anywhere";

// Its http-proxy calls the deprecated util._extend; that warning says nothing about this bench.
process.noDeprecation = true;

export async function startCorsAnywhere(): Promise<{ origin: string; close(): Promise<void> }> {
  // Its one change from the defaults: never an HTTP_PROXY from the environment (everything stays on loopback).
  const server = createServer({ getProxyForUrl: () => "" });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
