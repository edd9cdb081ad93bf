// Upstream URLs: exact allow-listed host, a path that stays under /api/v4/, nothing that moves either.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../worker/lib/config.ts";
import { RelayError } from "../../worker/lib/errors.ts";
import { buildUpstreamUrl, checkApiPath, upstreamTarget } from "../../worker/lib/proxy-url.ts";

const SECRET = "k".repeat(43);
const prod = parseConfig({
  WRIKE_CLIENT_ID: "id",
  WRIKE_CLIENT_SECRET: "secret",
  SESSION_SECRET: SECRET,
  WRIKE_API_HOSTS: "www.wrike.com,app-eu.wrike.com",
});
const local = parseConfig({
  WRIKE_CLIENT_ID: "id",
  WRIKE_CLIENT_SECRET: "secret",
  SESSION_SECRET: SECRET,
  WRIKE_OAUTH_BASE: "http://127.0.0.1:8811",
  WRIKE_API_HOSTS: "127.0.0.1:8812,127.0.0.1:8813",
  WRIKE_LOCAL: "1",
});

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof RelayError ? err.code : `unexpected ${String(err)}`;
  }
  return undefined;
}

describe("buildUpstreamUrl", () => {
  it("builds https URLs for production hosts, keeping the query", () => {
    const url = buildUpstreamUrl(prod, "app-eu.wrike.com", "/api/v4/tasks", "?fields=%5B%22x%22%5D");
    expect(url.href).toBe("https://app-eu.wrike.com/api/v4/tasks?fields=%5B%22x%22%5D");
    expect(buildUpstreamUrl(prod, "www.wrike.com", "/api/v4/tasks/A,B", "").href).toBe(
      "https://www.wrike.com/api/v4/tasks/A,B",
    );
  });

  it("uses plain http only for loopback hosts in local mode", () => {
    expect(buildUpstreamUrl(local, "127.0.0.1:8812", "/api/v4/contacts", "?me=true").href).toBe(
      "http://127.0.0.1:8812/api/v4/contacts?me=true",
    );
  });

  it("sends a request without X-Wrike-Host to the default (first allow-listed) host", () => {
    expect(buildUpstreamUrl(local, undefined, "/api/v4/contacts", "?me=true").href).toBe(
      "http://127.0.0.1:8812/api/v4/contacts?me=true",
    );
  });

  it.each([
    [""],
    ["evil.test"],
    ["WWW.WRIKE.COM"],
    ["Www.wrike.com"],
    ["www.wrike.com."],
    ["www.wrike.com:443"],
    ["www.wrike.com:8443"],
    ["user@www.wrike.com"],
    ["www.wrike.com@evil.test"],
    ["www.wrike.com/evil"],
    ["www.wrike.com.evil.test"],
    ["127.0.0.1"],
    ["127.0.0.1:8812"],
    ["169.254.169.254"],
    ["[::1]"],
    ["0x7f.1"],
    ["localhost"],
    [" www.wrike.com"],
  ])("refuses host %j in production", (host) => {
    expect(code(() => buildUpstreamUrl(prod, host, "/api/v4/tasks", ""))).toBe("host_not_allowed");
  });

  it.each([["127.0.0.1:8811"], ["127.0.0.1"], ["localhost:8812"], ["[::1]:8812"], ["127.0.0.1:8812."]])(
    "refuses unlisted loopback host %j in local mode",
    (host) => {
      expect(code(() => buildUpstreamUrl(local, host, "/api/v4/tasks", ""))).toBe("host_not_allowed");
    },
  );

  it.each([
    "/api/v4/",
    "/api/v4",
    "/api/v3/tasks",
    "/api/v4/../v3/tasks",
    "/api/v4/tasks/../../../oauth2/token",
    "/api/v4/./tasks",
    "/api/v4/%2e%2e/oauth2/token",
    "/api/v4/%2E%2E/oauth2/token",
    "/api/v4/.%2e/x",
    "/api/v4/tasks%2f..%2f..%2foauth2",
    "/api/v4/tasks%2F..",
    "/api/v4/tasks%5c..",
    "/api/v4/tasks\\..\\x",
    "/api/v4//tasks",
    "/api/v4/tasks//x",
    "/api/v4/@evil.test/x",
    "/api/v4/tasks%40evil",
    "/api/v4/tasks%252e%252e",
    "/api/v4/tasks%0d%0aHost:evil",
    "/api/v4/tasks%00",
    "/api/v4/tasks%zz",
    "/api/v4/tasks%",
    "/api/v4/tasks?x",
    "/api/v4/tasks#x",
    "/api/v4/tasks%3Fx=1",
    "/api/v4/ tasks",
    "/api/v4/tasks\r\n",
  ])("refuses path %j", (path) => {
    expect(code(() => checkApiPath(path))).toBe("path_not_allowed");
    expect(code(() => buildUpstreamUrl(prod, "www.wrike.com", path, ""))).toBe("path_not_allowed");
  });

  it("accepts Wrike's own path shapes", () => {
    for (const path of [
      "/api/v4/tasks",
      "/api/v4/tasks/IEAAAAAAKQAAAAAA,IEAAAAAAKQAAAAAB",
      "/api/v4/folders/IEAAAAAAI4AAAAAA/tasks",
      "/api/v4/contacts",
      "/api/v4/tasks/id-with_chars:and.dots=",
      "/api/v4/tasks/%C3%A9",
    ]) {
      expect(code(() => checkApiPath(path))).toBeUndefined();
    }
  });
});

describe("upstreamTarget", () => {
  it("gives the parser's serialisation and the checked host, as buildUpstreamUrl does", () => {
    const target = upstreamTarget(local, "127.0.0.1:8813", "/api/v4/tasks", "?fields=%5B%22x%22%5D");
    expect(target).toEqual({
      href: "http://127.0.0.1:8813/api/v4/tasks?fields=%5B%22x%22%5D",
      host: "127.0.0.1:8813",
    });
    expect(upstreamTarget(prod, undefined, "/api/v4/contacts", "")).toEqual({
      href: "https://www.wrike.com/api/v4/contacts",
      host: "www.wrike.com",
    });
  });

  it("keeps a query the parser encodes further (a raw quote or space), encoded", () => {
    const target = upstreamTarget(prod, "www.wrike.com", "/api/v4/tasks", `?title='a b'&x="y"`);
    expect(target.href).toBe("https://www.wrike.com/api/v4/tasks?title=%27a%20b%27&x=%22y%22");
    expect(target.href).toBe(new URL(`https://www.wrike.com/api/v4/tasks?title='a b'&x="y"`).href);
  });

  it("refuses a query that does not start with '?'", () => {
    expect(code(() => upstreamTarget(prod, "www.wrike.com", "/api/v4/tasks", "x=1"))).toBe("bad_request");
  });
});
