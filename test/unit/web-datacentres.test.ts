// The permanent-token sign-in's data centres: the relay's GET /auth/hosts answer, labelled, odd entries dropped.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchDataCentres, labelHosts } from "../../web/session/datacentres.ts";

describe("labelHosts", () => {
  it("names Wrike's data centres and the simulator's loopback hosts, in the relay's order", () => {
    expect(labelHosts(["www.wrike.com", "app-eu.wrike.com", "app-us2.wrike.com"])).toEqual([
      { host: "www.wrike.com", label: "US (www.wrike.com)" },
      { host: "app-eu.wrike.com", label: "EU (app-eu.wrike.com)" },
      { host: "app-us2.wrike.com", label: "US 2 (app-us2.wrike.com)" },
    ]);
    expect(labelHosts(["127.0.0.1:8802", "127.0.0.1:8803", "wrike.example.com"])).toEqual([
      { host: "127.0.0.1:8802", label: "Simulator 1 (127.0.0.1:8802)" },
      { host: "127.0.0.1:8803", label: "Simulator 2 (127.0.0.1:8803)" },
      { host: "wrike.example.com", label: "wrike.example.com" },
    ]);
  });
});

describe("fetchDataCentres", () => {
  // A stand-in relay over real HTTP: each test sets what /auth/hosts answers.
  let answer: { status: number; body: string } = { status: 200, body: "{}" };
  let server: Server;
  let origin = "";
  const viaServer: typeof fetch = (input, init) => fetch(new URL(String(input), origin), init);

  beforeAll(async () => {
    server = createServer((req, res) => {
      res.writeHead(req.url === "/auth/hosts" ? answer.status : 404, { "content-type": "application/json" });
      res.end(req.url === "/auth/hosts" ? answer.body : "{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("lists the relay's hosts once each, dropping anything that is not a plain host", async () => {
    answer = {
      status: 200,
      body: JSON.stringify({ hosts: ["127.0.0.1:8822", "evil.test/path?x", 42, "a b", "127.0.0.1:8822"] }),
    };
    const centres = await fetchDataCentres(viaServer);
    expect(centres.map((c) => c.host)).toEqual(["127.0.0.1:8822"]);
  });

  it("says why when the relay cannot list them", async () => {
    answer = {
      status: 500,
      body: JSON.stringify({ error: "not_configured", message: "The relay is not configured." }),
    };
    await expect(fetchDataCentres(viaServer)).rejects.toMatchObject({ source: "not_configured" });
    answer = { status: 200, body: JSON.stringify({ hosts: [] }) };
    await expect(fetchDataCentres(viaServer)).rejects.toThrow("The relay named no data centre.");
  });
});
