// A local TLS front for the simulator: real Wrike clients build `https://{host}/api/v4` themselves, so
// this HTTPS listener (your own self-signed certificate) forwards every request as it is to one of the
// simulator's plain-HTTP data-centre ports. Node built-ins only. As a command:
//   npx node test/wrike-sim/tls-front.ts --cert cert.pem --key key.pem [--port 8443] [--target 127.0.0.1:8802]
import { readFileSync } from "node:fs";
import { request, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";

export interface TlsFront {
  /** "127.0.0.1:8443": what a client takes as Wrike's `host`. */
  host: string;
  close(): Promise<void>;
}

/** Hop-by-hop headers are the front's own business (RFC 9110 §7.6.1). */
const HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection"]);

function forward(target: string, req: IncomingMessage, res: ServerResponse): void {
  const [hostname = "127.0.0.1", port = "80"] = target.split(/:(?=\d+$)/);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP.has(name)) headers[name] = value;
  }
  headers.host = target;
  const upstream = request(
    { hostname, port: Number(port), method: req.method, path: req.url, headers },
    (answer) => {
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !HOP.has(name)) out[name] = value;
      }
      res.writeHead(answer.statusCode ?? 502, out);
      answer.pipe(res);
    },
  );
  upstream.on("error", () => {
    if (!res.headersSent) res.writeHead(502, { "Content-Type": "text/plain" });
    res.end("simulator not reachable");
  });
  req.pipe(upstream);
}

export async function startTlsFront(options: {
  cert: string | Buffer;
  key: string | Buffer;
  /** The simulator's data-centre host, e.g. sim.hosts.us. */
  target: string;
  port?: number;
  bindHost?: string;
}): Promise<TlsFront> {
  const server: Server = createServer({ cert: options.cert, key: options.key }, (req, res) =>
    forward(options.target, req, res),
  );
  const bindHost = options.bindHost ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, bindHost, () => resolve());
  });
  return {
    host: `${bindHost}:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : fallback;
  if (value === undefined) throw new Error(`--${name} is required`);
  return value;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const front = await startTlsFront({
    cert: readFileSync(arg("cert")),
    key: readFileSync(arg("key")),
    target: arg("target", "127.0.0.1:8802"),
    port: Number(arg("port", "8443")),
  });
  console.log(`TLS front https://${front.host} -> http://${arg("target", "127.0.0.1:8802")}`);
}
