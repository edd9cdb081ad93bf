// The TLS front real clients are pointed at: a self-signed certificate made with openssl, HTTPS requests
// (trusting only that certificate) reach the simulator unchanged, bodies and errors included.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ADA_ID, type Simulator } from "../index.ts";
import { startTlsFront, type TlsFront } from "../tls-front.ts";
import { permanent, startSimulator } from "./helpers.ts";

let sim: Simulator;
let front: TlsFront;
let dir: string;
let cert: Buffer;

function https(
  path: string,
  token: string,
  init: { method?: string; body?: string } = {},
): Promise<{ status: number; body: string }> {
  const [hostname, port] = front.host.split(":");
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname,
        port: Number(port),
        path: `/api/v4${path}`,
        method: init.method ?? "GET",
        ca: cert, // trust only the self-signed certificate, as a client given NODE_EXTRA_CA_CERTS would
        headers: {
          Authorization: `Bearer ${token}`,
          ...(init.body ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
        },
      },
      (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wrike-sim-tls-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  cert = readFileSync(join(dir, "cert.pem"));
  sim = await startSimulator({ taskCount: 5 });
  front = await startTlsFront({ cert, key: readFileSync(join(dir, "key.pem")), target: sim.hosts.us });
});
afterAll(async () => {
  await front.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

it("serves the US data centre over HTTPS: reads, writes and errors pass unchanged", async () => {
  const ada = permanent(sim, "ada@acme.test", "Acme Robotics");
  const me = await https("/contacts?me=true", ada);
  expect(me.status).toBe(200);
  expect((JSON.parse(me.body) as { data: { id: string }[] }).data[0]?.id).toBe(ADA_ID);
  const tasks = JSON.parse((await https("/tasks", ada)).body) as { data: { id: string }[] };
  const posted = await https(`/tasks/${tasks.data[0]?.id}/comments`, ada, {
    method: "POST",
    body: new URLSearchParams({ text: "over TLS" }).toString(),
  });
  expect(posted.status).toBe(200);
  expect(posted.body).toContain("over TLS");
  // The simulator still binds tokens to their data centre: an EU token through the US front is unknown.
  const eu = await https("/contacts?me=true", permanent(sim, "linus@nordlicht.test"));
  expect(eu.status).toBe(401);
  expect(JSON.parse(eu.body)).toMatchObject({ error: "not_authorized" });
});

it("a client that does not trust the certificate is refused the connection", async () => {
  const [hostname, port] = front.host.split(":");
  const outcome = await new Promise<string>((resolve) => {
    const req = request({ hostname, port: Number(port), path: "/api/v4/version" }, () => resolve("answered"));
    req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    req.end();
  });
  expect(outcome).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
});
