// The built relay over real sockets (vite preview, workerd): sign-in by hand, token and refresh, the proxy,
// body limits, CORS, and attacks that depend on HTTP parsing; then everything it logged, scanned for secrets.
import { existsSync, readFileSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unseal } from "../../worker/lib/seal.ts";
import { parseSession, SESSION_PURPOSE, type Session } from "../../worker/lib/session.ts";
import { E2E_PREVIEW_LOG, root } from "../support/stack.ts";
import { E2E_APP_ORIGIN, E2E_PREVIEW_PORT } from "./env.ts";
import { E2E_CLIENT, SIM_HOSTS, SIM_LOGIN, sim } from "./sim.ts";

/** The e2e relay's ALLOWED_ORIGINS (wrangler.toml [env.e2e]): a cross-origin caller no browser plays here. */
const ALLOWED = "https://app.example.test";
const FOREIGN = "https://evil.example.test";
const GRACE = { email: "grace@acme.test", password: "wrike-demo" };
const MIB = 1024 * 1024;

/** The e2e build's session keys (test/support/stack.ts writes them), to open our own cookies. */
const sessionKeys = (): string[] => {
  const vars = readFileSync(`${root}.dev.vars.e2e`, "utf8");
  return (/^SESSION_SECRET=(.*)$/m.exec(vars)?.[1] ?? "").split(",");
};

/** Values no log line may hold; filled in as the flows below reveal them. */
const secrets = new Set<string>([E2E_CLIENT.secret]);
function remember(...values: (string | null | undefined)[]): void {
  for (const value of values) if (value && value.length >= 8) secrets.add(value);
}

// ---- raw HTTP -------------------------------------------------------------------------------------

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

interface Send {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  jar?: Jar;
  /** Sent with Content-Length unless `chunked`. */
  body?: Buffer | string;
  chunked?: boolean;
}

/**
 * One request on its own connection (no agent, no fetch): the body is written in 64 KiB pieces and the
 * answer is taken whenever it comes, even before the body is all out (as for an early 413).
 */
function send(options: Send): Promise<Answer> {
  const body = typeof options.body === "string" ? Buffer.from(options.body) : options.body;
  const headers: Record<string, string> = { ...options.headers };
  if (options.jar && options.jar.size > 0) headers.cookie = options.jar.header();
  if (body && !options.chunked) headers["content-length"] = String(body.length);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      {
        host: "localhost",
        port: E2E_PREVIEW_PORT,
        method: options.method ?? "GET",
        path: options.path,
        headers,
        agent: false,
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          options.jar?.apply(res.headers);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString(),
          });
        });
        res.on("error", reject);
      },
    );
    // After an early answer the server may stop reading; only an error before any answer counts.
    req.on("error", (err) => (answered ? undefined : reject(err)));
    if (!body) return void req.end();
    let offset = 0;
    const pump = (): void => {
      while (offset < body.length) {
        const piece = body.subarray(offset, offset + 64 * 1024);
        offset += piece.length;
        if (!req.write(piece)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

/** Writes `text` as is on a fresh TCP connection and returns everything the server sends until it closes. */
function rawRequest(text: string): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve) => {
    const socket = connect(E2E_PREVIEW_PORT, "localhost");
    let out = "";
    const done = () => {
      const end = out.indexOf("\r\n\r\n");
      const head = end < 0 ? out : out.slice(0, end);
      resolve({
        status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0),
        head,
        body: out.slice(end + 4),
      });
    };
    socket.on("data", (d: Buffer) => (out += d.toString("latin1")));
    socket.on("close", done);
    socket.on("error", () => socket.destroy());
    socket.setTimeout(10_000, () => socket.destroy());
    socket.write(text, "latin1");
  });
}

/** A browser's cookie store for the relay's origin: applies Set-Cookie (deletions too), sends Cookie. */
class Jar {
  private readonly cookies = new Map<string, string>();
  get size(): number {
    return this.cookies.size;
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
  apply(headers: IncomingHttpHeaders): void {
    for (const line of headers["set-cookie"] ?? []) {
      const [pair = "", ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      remember(value);
      if (attrs.some((a) => /^\s*max-age=0\s*$/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

async function sessionOf(jar: Jar): Promise<Session> {
  const session = parseSession(await unseal(sessionKeys(), SESSION_PURPOSE, jar.get("wp_session")));
  expect(session).toBeDefined();
  remember(session!.rt, session!.at, session!.sid);
  return session!;
}

// ---- the simulator's pages, posted directly ------------------------------------------------------

function hidden(html: string, name: string): string {
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  if (!value) throw new Error(`the simulator's page has no ${name} field`);
  return value;
}

const postForm = (url: string, form: Record<string, string>) =>
  fetch(url, { method: "POST", body: new URLSearchParams(form), redirect: "manual" });

/** Log in and allow at the simulator; returns where it sends the browser back (the relay's callback). */
async function consent(authorizeUrl: string): Promise<URL> {
  let html = await (await fetch(authorizeUrl)).text();
  html = await (
    await postForm(`${SIM_LOGIN}/oauth2/authorize/login`, { auth: hidden(html, "auth"), ...GRACE })
  ).text();
  expect(html).toContain("Allow access");
  const allowed = await postForm(`${SIM_LOGIN}/oauth2/authorize/consent`, {
    auth: hidden(html, "auth"),
    decision: "allow",
  });
  expect(allowed.status).toBe(302);
  return new URL(allowed.headers.get("location") ?? "");
}

/** The whole sign-in by hand: /auth/login, the simulator's pages, /auth/callback with the flow cookie. */
async function signIn(access: "read" | "write" = "read"): Promise<Jar> {
  const jar = new Jar();
  const login = await send({ path: `/auth/login?return_to=%2Ftasks&access=${access}&mode=redirect`, jar });
  expect(login.status).toBe(302);
  const authorize = String(login.headers.location);
  expect(authorize.startsWith(`${SIM_LOGIN}/oauth2/authorize/v4?`)).toBe(true);
  expect(new URL(authorize).searchParams.get("redirect_uri")).toBe(`${E2E_APP_ORIGIN}/auth/callback`);
  const back = await consent(authorize);
  expect(back.origin).toBe(E2E_APP_ORIGIN);
  remember(back.searchParams.get("code"), back.searchParams.get("state"));
  const callback = await send({ path: back.pathname + back.search, jar });
  expect(callback.status).toBe(302);
  expect(callback.headers.location).toBe("/tasks");
  expect(jar.get("wp_session")).toMatch(/^v1\./);
  await sessionOf(jar);
  return jar;
}

const appHeaders = { origin: E2E_APP_ORIGIN, "x-requested-with": "wrike-pane" };

async function accessToken(jar: Jar): Promise<string> {
  const res = await send({ method: "POST", path: "/auth/token", jar, headers: appHeaders });
  expect(res.status).toBe(200);
  const body = JSON.parse(res.text) as { access_token: string; host: string };
  expect(body.host).toBe(SIM_HOSTS.us);
  remember(body.access_token);
  return body.access_token;
}

const bearer = (token: string) => ({ authorization: `bearer ${token}`, "x-wrike-host": SIM_HOSTS.us });

// ---- the suite --------------------------------------------------------------------------------------

let readJar: Jar;
let readToken: string;

beforeAll(async () => {
  await sim.reset();
  readJar = await signIn();
  readToken = await accessToken(readJar);
});
afterAll(() => sim.reset());

describe("sign-in, token and refresh over HTTP", () => {
  it("hands out the session's access token, with a request id, to the app's own origin only", async () => {
    const again = await send({ method: "POST", path: "/auth/token", jar: readJar, headers: appHeaders });
    expect(again.status).toBe(200);
    expect(JSON.parse(again.text)).toMatchObject({ access_token: readToken, scope: "wsReadOnly" });
    expect(again.headers["x-request-id"]).toMatch(/^[0-9a-f]{32}$/);
    expect(again.headers["cache-control"]).toBe("no-store");
    const foreign = await send({
      method: "POST",
      path: "/auth/token",
      jar: readJar,
      headers: { ...appHeaders, origin: FOREIGN },
    });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.text)).toMatchObject({ error: "bad_origin" });
  });

  it("refreshes a token near its end once, rotating the refresh token in the cookie", async () => {
    await sim.config({ accessTokenTtl: 30 });
    try {
      const jar = await signIn();
      const before = await sessionOf(jar);
      const refreshes = (await sim.stats()).token.refresh_token;
      const res = await send({ method: "POST", path: "/auth/token", jar, headers: appHeaders });
      expect(res.status).toBe(200);
      const after = await sessionOf(jar);
      expect(after.rt).not.toBe(before.rt);
      expect(JSON.parse(res.text)).toMatchObject({ access_token: after.at });
      expect(after.at).not.toBe(before.at);
      expect((await sim.stats()).token.refresh_token).toBe(refreshes + 1);
    } finally {
      await sim.config({ accessTokenTtl: 3600 });
    }
  });
});

describe("the proxy over HTTP", () => {
  it("passes a GET to the data centre and back", async () => {
    const res = await send({ path: "/api/v4/contacts?me=true", headers: bearer(readToken) });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect((JSON.parse(res.text) as { data: { me: boolean }[] }).data[0]?.me).toBe(true);
    expect(res.headers["x-request-id"]).toMatch(/^[0-9a-f]{32}$/);
  });

  it("passes a POST with its body, and refuses it with a read-only token as Wrike does", async () => {
    const jar = await signIn("write");
    const writeToken = await accessToken(jar);
    const tasks = await send({ path: "/api/v4/tasks?pageSize=1", headers: bearer(writeToken) });
    const taskId = (JSON.parse(tasks.text) as { data: { id: string }[] }).data[0]!.id;
    const form = "text=Sent%20through%20a%20real%20socket";
    const headers = { "content-type": "application/x-www-form-urlencoded" };
    const posted = await send({
      method: "POST",
      path: `/api/v4/tasks/${taskId}/comments`,
      headers: { ...bearer(writeToken), ...headers },
      body: form,
    });
    expect(posted.status).toBe(200);
    expect(posted.text).toContain("Sent through a real socket");
    const refused = await send({
      method: "POST",
      path: `/api/v4/tasks/${taskId}/comments`,
      headers: { ...bearer(readToken), ...headers },
      body: form,
    });
    expect(refused.status).toBe(403);
  });
});

describe("body limits over HTTP", () => {
  const cases = [
    { what: "2 MB with Content-Length", size: 2 * MIB, chunked: false },
    { what: "2 MB chunked", size: 2 * MIB, chunked: true },
    { what: "12 MB with Content-Length", size: 12 * MIB, chunked: false },
    { what: "12 MB chunked", size: 12 * MIB, chunked: true },
  ];
  for (const { what, size, chunked } of cases) {
    it(`answers ${what} with 413 and the CORS headers, and Wrike never sees it`, async () => {
      const before = (await sim.stats()).api;
      const res = await send({
        method: "POST",
        path: "/api/v4/tasks/IEAAAAAAKQAAAAAA/comments",
        headers: {
          ...bearer(readToken),
          origin: ALLOWED,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: Buffer.alloc(size, "a"),
        chunked,
      });
      expect(res.status).toBe(413);
      expect(JSON.parse(res.text)).toMatchObject({ error: "body_too_large" });
      expect(res.headers["access-control-allow-origin"]).toBe(ALLOWED);
      expect(res.headers["access-control-allow-credentials"]).toBe("true");
      expect(res.headers["x-request-id"]).toMatch(/^[0-9a-f]{32}$/);
      expect((await sim.stats()).api).toBe(before);
    });
  }

  it("passes a body just under the cap on to Wrike", async () => {
    const before = (await sim.stats()).api;
    const res = await send({
      method: "POST",
      path: "/api/v4/tasks/IEAAAAAAKQAAAAAA/comments",
      headers: { ...bearer(readToken), "content-type": "application/x-www-form-urlencoded" },
      body: `text=${"b".repeat(MIB - 1024)}`,
    });
    expect(res.status).not.toBe(413);
    expect((await sim.stats()).api).toBe(before + 1);
  });
});

describe("CORS over HTTP", () => {
  it("answers an allowed origin's preflight and call with CORS headers, any other with none", async () => {
    const preflight = (origin: string) =>
      send({
        method: "OPTIONS",
        path: "/api/v4/contacts",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization,x-wrike-host",
        },
      });
    const ok = await preflight(ALLOWED);
    expect(ok.status).toBe(204);
    expect(ok.headers["access-control-allow-origin"]).toBe(ALLOWED);
    expect(ok.headers["access-control-allow-credentials"]).toBe("true");
    expect(ok.headers["access-control-allow-methods"]).toContain("POST");
    expect(String(ok.headers["access-control-allow-headers"]).toLowerCase()).toContain("x-wrike-host");
    expect(ok.headers["access-control-max-age"]).toBe("600");
    const refused = await preflight(FOREIGN);
    expect(refused.status).toBe(204);
    expect(Object.keys(refused.headers).filter((h) => h.startsWith("access-control-"))).toEqual([]);

    const call = await send({
      path: "/api/v4/contacts?me=true",
      headers: { ...bearer(readToken), origin: ALLOWED },
    });
    expect(call.status).toBe(200);
    expect(call.headers["access-control-allow-origin"]).toBe(ALLOWED);
    expect(String(call.headers["access-control-expose-headers"]).toLowerCase()).toContain("x-request-id");
    const foreignCall = await send({
      path: "/api/v4/contacts?me=true",
      headers: { ...bearer(readToken), origin: FOREIGN },
    });
    expect(foreignCall.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("attacks that depend on HTTP parsing (net.Socket)", () => {
  const close = "Connection: close\r\n";
  const auth = `Authorization: bearer ${"x".repeat(12)}\r\n`;

  it("refuses headers split by a bare CR, a bare LF or an obsolete line fold, before the relay", async () => {
    const before = await sim.stats();
    for (const split of [
      `X-Wrike-Host: ${SIM_HOSTS.us}\rX-Wrike-Host: ${SIM_HOSTS.eu}\r\n`,
      `X-Wrike-Host: ${SIM_HOSTS.us}\nAuthorization: bearer injected\r\n`,
      `X-Wrike-Host: ${SIM_HOSTS.us}\r\n ${SIM_HOSTS.eu}\r\n`,
    ]) {
      const res = await rawRequest(
        `GET /api/v4/contacts HTTP/1.1\r\nHost: localhost:${E2E_PREVIEW_PORT}\r\n${auth}${split}${close}\r\n`,
      );
      expect(res.status).toBe(400);
      expect(res.head.toLowerCase()).not.toContain("x-request-id");
    }
    // Content-Length and Transfer-Encoding together (request smuggling): refused as well.
    const smuggle = await rawRequest(
      `POST /api/v4/contacts HTTP/1.1\r\nHost: localhost:${E2E_PREVIEW_PORT}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n${close}\r\n0\r\n\r\n`,
    );
    expect(smuggle.status).toBe(400);
    expect((await sim.stats()).api).toBe(before.api);
  });

  it("is no forward proxy: an absolute-form target is answered by the relay itself", async () => {
    const before = await sim.stats();
    const res = await rawRequest(
      `GET ${SIM_LOGIN}/__sim/stats HTTP/1.1\r\nHost: ${new URL(SIM_LOGIN).host}\r\n${close}\r\n`,
    );
    expect(res.head.toLowerCase()).toContain("x-request-id");
    expect(res.body).not.toContain("authorization_code");
    expect(await sim.stats()).toEqual(before);
  });

  it("lets an absolute-form authority steer no sign-in: Wrike refuses the redirect_uri it makes", async () => {
    const res = await rawRequest(
      `GET http://evil.example.test/auth/login?return_to=%2F HTTP/1.1\r\nHost: localhost:${E2E_PREVIEW_PORT}\r\n${close}\r\n`,
    );
    expect(res.status).toBe(302);
    const authorize = /^location: (.*)$/im.exec(res.head)?.[1] ?? "";
    expect(new URL(authorize).searchParams.get("redirect_uri")).toBe(
      "http://evil.example.test/auth/callback",
    );
    const atWrike = await fetch(authorize, { redirect: "manual" });
    expect(atWrike.status).toBe(400);
    expect(atWrike.headers.get("location")).toBeNull();
  });

  it("never lets a second Host header reach the relay", async () => {
    const res = await rawRequest(
      `GET /auth/login?return_to=%2F HTTP/1.1\r\nHost: localhost:${E2E_PREVIEW_PORT}\r\nHost: evil.example.test\r\n${close}\r\n`,
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.head.toLowerCase()).not.toContain("x-request-id");
    expect(res.head.toLowerCase()).not.toContain("location:");
  });

  it("resolves `..` in raw paths before routing, so nothing outside /api/v4/ is proxied", async () => {
    const before = await sim.stats();
    for (const path of [
      "/api/v4/../../__sim/stats",
      "/api/v4/%2e%2e/%2e%2e/__sim/stats",
      "/api/v4/contacts/../../../oauth2/token",
      "/api/v4\\..\\..\\__sim/stats",
    ]) {
      const res = await rawRequest(
        `GET ${path} HTTP/1.1\r\nHost: localhost:${E2E_PREVIEW_PORT}\r\nX-Wrike-Host: ${SIM_HOSTS.us}\r\n${auth}${close}\r\n`,
      );
      expect(res.head.toLowerCase()).toContain("x-request-id");
      expect(res.body).not.toContain("authorization_code");
      expect(res.head).toMatch(/content-type: text\/html/i);
    }
    // Encoded separators inside /api/v4/ are refused as they arrive.
    const encoded = await rawRequest(
      `GET /api/v4/contacts/..%2f..%2f__sim/stats HTTP/1.1\r\nHost: localhost:${E2E_PREVIEW_PORT}\r\nX-Wrike-Host: ${SIM_HOSTS.us}\r\n${auth}${close}\r\n`,
    );
    expect(encoded.status).toBe(400);
    expect(encoded.body).toContain("path_not_allowed");
    expect(await sim.stats()).toEqual(before);
  });
});

describe("the relay's log", () => {
  it("has a line for every request above, and no secret, cookie, code, state or query in any line", async () => {
    // A last request whose id marks the end of this file's traffic in the log.
    const last = await send({ path: "/healthz" });
    const id = String(last.headers["x-request-id"]);
    let log = "";
    for (let i = 0; i < 50 && !log.includes(id); i++) {
      await new Promise((r) => setTimeout(r, 100));
      log = existsSync(E2E_PREVIEW_LOG) ? readFileSync(E2E_PREVIEW_LOG, "utf8") : "";
    }
    expect(log).toContain(id);
    const lines = log.split("\n");
    const requests = lines.filter((l) => l.includes('{"msg":"request"'));
    expect(requests.length).toBeGreaterThan(20);
    expect(
      requests.some((l) => l.includes('"route":"/api/v4/*"') && l.includes('"upstream_status":200')),
    ).toBe(true);
    expect(requests.some((l) => l.includes('"status":413') && l.includes('"error":"body_too_large"'))).toBe(
      true,
    );
    expect(secrets.size).toBeGreaterThan(10);
    lines.forEach((line, i) => {
      // The failure names the line's number, never the line: that would print the secret.
      for (const secret of secrets)
        if (line.includes(secret)) expect.fail(`log line ${i + 1} holds a secret`);
      if (/code=|state=|access_token|refresh_token|client_secret|wp_session|wp_flow/.test(line)) {
        expect.fail(`log line ${i + 1} quotes a URL's query, a cookie or a token field`);
      }
      if (/bearer/i.test(line)) expect.fail(`log line ${i + 1} quotes an Authorization header`);
    });
  });
});
