// The relay's cheap per-request helpers answer exactly what the slow, obvious way answers.
import { describe, expect, it } from "vitest";
import { randomBase64, randomBytes, randomHex } from "../../worker/lib/random.ts";
import { urlParts } from "../../worker/lib/request-url.ts";
import { fromBase64Url, toBase64Url } from "../../worker/lib/seal.ts";

describe("urlParts", () => {
  it.each([
    "https://relay.test/",
    "https://relay.test/api/v4/tasks?fields=%5B%22x%22%5D&pageSize=100",
    "https://relay.test/api/v4/tasks?",
    "https://relay.test/api/v4/tasks?#frag",
    "https://relay.test/a?b=c#d?e",
    "https://relay.test/a#b",
    "http://127.0.0.1:8812/auth/token",
    "http://[::1]:8080/x/y?z",
    "https://relay.test:443/embed",
    "https://RELAY.test/%61pi/v4/..%2f",
    "https://user:pw@relay.test/api/v4/tasks?x=1",
    "https://relay.test",
    "file:///etc/passwd",
    "blob:https://relay.test/0b6b",
  ])("matches URL for %s", (raw) => {
    // As the runtime hands it over: request.url is always a serialised URL.
    const url = new URL(raw);
    const serialised = url.href;
    expect(urlParts(serialised)).toEqual({ origin: url.origin, pathname: url.pathname, search: url.search });
  });
});

describe("fromBase64Url", () => {
  /** The obvious decoder: atob, then refuse unless it encodes back to the same text (canonical). */
  function reference(text: string): Uint8Array | undefined {
    if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    return toBase64Url(bytes) === text ? bytes : undefined;
  }

  it("decodes every length and refuses what the reference refuses", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=.é ";
    for (let n = 0; n < 300; n++) {
      const bytes = crypto.getRandomValues(new Uint8Array(n % 40));
      const good = toBase64Url(bytes);
      expect(fromBase64Url(good)).toEqual(bytes);
      // The same text with one character changed to anything, valid or not.
      if (good.length > 0) {
        const at = n % good.length;
        const bad = good.slice(0, at) + alphabet[n % alphabet.length] + good.slice(at + 1);
        expect(fromBase64Url(bad), bad).toEqual(reference(bad));
      }
    }
  });
});

describe("random ids", () => {
  it("hands out fresh bytes each time, across pool refills", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) seen.add(randomHex(16));
    expect(seen.size).toBe(1000);
    for (const id of seen) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(randomBase64(16)).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(randomBytes(5000)).toHaveLength(5000);
  });
});
