// Configuration: parsed once, strict about hosts and origins; loopback and http only in local mode.
import { describe, expect, it } from "vitest";
import {
  apiOrigin,
  configFor,
  imageOrigins,
  KEY_COMMAND,
  parseConfig,
  type ConfigEnv,
} from "../../worker/lib/config.ts";
import { RelayError } from "../../worker/lib/errors.ts";

const base: ConfigEnv = {
  WRIKE_CLIENT_ID: "id",
  WRIKE_CLIENT_SECRET: "client-secret-value",
  SESSION_SECRET: "s".repeat(43),
  WRIKE_OAUTH_BASE: "https://login.wrike.com",
  WRIKE_API_HOSTS: "www.wrike.com,app-eu.wrike.com,app-us2.wrike.com",
  ALLOWED_ORIGINS: "",
  EMBED_ORIGINS: "",
};

function problem(env: ConfigEnv): string {
  try {
    parseConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(RelayError);
    expect((err as RelayError).code).toBe("not_configured");
    return (err as RelayError).message;
  }
  return "";
}

describe("parseConfig", () => {
  it("parses the production defaults", () => {
    const config = parseConfig(base);
    expect(config.apiHosts).toEqual(["www.wrike.com", "app-eu.wrike.com", "app-us2.wrike.com"]);
    expect(config.defaultHost).toBe("www.wrike.com");
    expect(config.local).toBe(false);
    expect(config.oauthBase).toBe("https://login.wrike.com");
    expect(apiOrigin(config, "app-eu.wrike.com")).toBe("https://app-eu.wrike.com");
    expect(imageOrigins(config)).toEqual([
      "https://www.wrike.com",
      "https://app-eu.wrike.com",
      "https://app-us2.wrike.com",
    ]);
  });

  it("names missing secrets without printing any secret", () => {
    const message = problem({ ...base, WRIKE_CLIENT_SECRET: "", SESSION_SECRET: undefined });
    expect(message).toContain("WRIKE_CLIENT_SECRET is missing");
    expect(message).toContain("SESSION_SECRET is missing");
    expect(problem({ ...base, WRIKE_CLIENT_ID: " " })).toContain("WRIKE_CLIENT_ID");
    const short = problem({ ...base, SESSION_SECRET: `${"s".repeat(43)},tooshort` });
    expect(short).toContain("entry 2");
    expect(short).not.toContain("tooshort");
    expect(problem({ ...base, WRIKE_CLIENT_SECRET: undefined })).not.toContain("client-secret");
  });

  it("refuses loopback, IPs, ports, http and odd spellings outside local mode", () => {
    for (const hosts of [
      "127.0.0.1:8812",
      "localhost",
      "[::1]",
      "169.254.169.254",
      "10.0.0.1",
      "WWW.wrike.com",
      "www.wrike.com.",
      "www.wrike.com:8443",
      "user@www.wrike.com",
      "https://www.wrike.com",
      "www.wrike.com/api",
      "wrike",
    ]) {
      expect(problem({ ...base, WRIKE_API_HOSTS: hosts }), hosts).toContain("WRIKE_API_HOSTS");
    }
    expect(problem({ ...base, WRIKE_API_HOSTS: "" })).toContain("WRIKE_API_HOSTS is empty");
    expect(problem({ ...base, WRIKE_OAUTH_BASE: "http://127.0.0.1:8811" })).toContain("WRIKE_OAUTH_BASE");
    expect(problem({ ...base, WRIKE_OAUTH_BASE: "http://login.wrike.com" })).toContain("WRIKE_OAUTH_BASE");
    expect(problem({ ...base, ALLOWED_ORIGINS: "http://localhost:3000" })).toContain("ALLOWED_ORIGINS");
  });

  it("allows loopback hosts over http in local mode (WRIKE_LOCAL=1), and only there", () => {
    const config = parseConfig({
      ...base,
      WRIKE_LOCAL: "1",
      WRIKE_OAUTH_BASE: "http://127.0.0.1:8811/",
      WRIKE_API_HOSTS: "127.0.0.1:8812,127.0.0.1:8813,www.wrike.com",
      ALLOWED_ORIGINS: "http://localhost:4175",
    });
    expect(config.oauthBase).toBe("http://127.0.0.1:8811");
    expect(apiOrigin(config, "127.0.0.1:8812")).toBe("http://127.0.0.1:8812");
    expect(apiOrigin(config, "www.wrike.com")).toBe("https://www.wrike.com");
    expect(imageOrigins(config)).toEqual([
      "http://127.0.0.1:8812",
      "http://127.0.0.1:8813",
      "https://www.wrike.com",
    ]);
    expect(problem({ ...base, WRIKE_LOCAL: "true", WRIKE_API_HOSTS: "127.0.0.1:8812" })).toContain(
      "WRIKE_LOCAL=1",
    );
  });

  it("requires exact origins in ALLOWED_ORIGINS and EMBED_ORIGINS", () => {
    for (const origins of ["https://a.test/", "https://a.test/path", "*", "a.test", "ftp://a.test"]) {
      expect(problem({ ...base, ALLOWED_ORIGINS: origins }), origins).toContain("ALLOWED_ORIGINS");
      expect(problem({ ...base, EMBED_ORIGINS: origins }), origins).toContain("EMBED_ORIGINS");
    }
    expect(
      parseConfig({ ...base, ALLOWED_ORIGINS: "https://a.test, https://b.test:8443" }).allowedOrigins,
    ).toEqual(["https://a.test", "https://b.test:8443"]);
  });

  it("refuses SESSION_SECRET keys that are not 32 bytes of base64url, naming the command that makes one", () => {
    for (const weak of [
      "passwordpasswordpasswordpassword", // 32 characters, but only 24 bytes once decoded
      "k".repeat(42), // 31 bytes
      "correct horse battery staple correct horse", // not base64url at all
      "é".repeat(48),
    ]) {
      const message = problem({ ...base, SESSION_SECRET: weak });
      expect(message, weak).toContain("SESSION_SECRET entry 1 is not 32 random bytes as base64url");
      expect(message).toContain(KEY_COMMAND);
      expect(message).not.toContain(weak);
    }
    // A key made by that command, in either base64 alphabet, with or without padding.
    for (const good of [
      "4a9XOd89WMa1nPlcAWahcD1G0ykgbkFLJnrcbThRJ10",
      "PTO9z9-eH87sSRndDBTjsWL5bgDtc3KAqhYCSqPf2z0",
      "PTO9z9+eH87sSRndDBTjsWL5bgDtc3KAqhYCSqPf2z0=",
    ]) {
      expect(parseConfig({ ...base, SESSION_SECRET: good }).sessionKeys).toEqual([good]);
    }
  });

  it("refuses an origin in both ALLOWED_ORIGINS and EMBED_ORIGINS (an embedder would read its visitors' tokens)", () => {
    const message = problem({
      ...base,
      ALLOWED_ORIGINS: "https://app.test,https://both.test",
      EMBED_ORIGINS: "https://both.test,https://embed.test",
    });
    expect(message).toContain('"https://both.test" is in both ALLOWED_ORIGINS and EMBED_ORIGINS');
    expect(message).not.toContain("app.test");
    const config = parseConfig({
      ...base,
      ALLOWED_ORIGINS: "https://app.test",
      EMBED_ORIGINS: "https://embed.test",
    });
    expect(config.embedOrigins).toEqual(["https://embed.test"]);
  });

  it("parses each env object once", () => {
    const env = { ...base };
    expect(configFor(env)).toBe(configFor(env));
    expect(configFor({ ...base })).not.toBe(configFor(env));
  });
});
