// The sanitiser's URL decisions: which image origins a session allows, which images and links survive.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_IMAGE_ALT,
  imageAlt,
  imageOriginsFor,
  isLoopbackHost,
  keptImageSrc,
  keptLinkHref,
} from "../../web/ui/sanitize-rules.ts";

const PAGE = "http://localhost:4174/tasks/IEAAAAAAKQAAAAAA";

describe("image origins for a session", () => {
  it("allows the data centre's host over https only", () => {
    expect(imageOriginsFor("www.wrike.com")).toEqual(["https://www.wrike.com"]);
    expect(imageOriginsFor("app-eu.wrike.com")).toEqual(["https://app-eu.wrike.com"]);
    expect(imageOriginsFor("APP-US2.wrike.com")).toEqual(["https://app-us2.wrike.com"]);
  });
  it("adds http for a loopback simulator, keeping its port", () => {
    expect(imageOriginsFor("127.0.0.1:8822")).toEqual(["https://127.0.0.1:8822", "http://127.0.0.1:8822"]);
    expect(imageOriginsFor("localhost:8822")).toEqual(["https://localhost:8822", "http://localhost:8822"]);
  });
  it("allows nothing without a plain host", () => {
    expect(imageOriginsFor(null)).toEqual([]);
    expect(imageOriginsFor("")).toEqual([]);
    expect(imageOriginsFor("www.wrike.com/avatars")).toEqual([]);
    expect(imageOriginsFor("evil.example@www.wrike.com")).toEqual([]);
    expect(imageOriginsFor("www.wrike.com evil.example")).toEqual([]);
  });
  it("knows loopback hosts", () => {
    expect(isLoopbackHost("127.0.0.1")).toBe(true);
    expect(isLoopbackHost("127.1.2.3")).toBe(true);
    expect(isLoopbackHost("[::1]")).toBe(true);
    expect(isLoopbackHost("localhost")).toBe(true);
    expect(isLoopbackHost("127.0.0.1.evil.example")).toBe(false);
    expect(isLoopbackHost("www.wrike.com")).toBe(false);
  });
});

describe("images", () => {
  const wrike = imageOriginsFor("www.wrike.com");
  const local = imageOriginsFor("127.0.0.1:8822");

  it("keeps absolute URLs on the session's host", () => {
    expect(keptImageSrc("https://www.wrike.com/attachments/IEAA/download/a.png", wrike)).toBe(
      "https://www.wrike.com/attachments/IEAA/download/a.png",
    );
    expect(keptImageSrc("  HTTPS://WWW.WRIKE.COM/a.png", wrike)).toBe("https://www.wrike.com/a.png");
    expect(keptImageSrc("http://127.0.0.1:8822/avatars/KU.svg", local)).toBe(
      "http://127.0.0.1:8822/avatars/KU.svg",
    );
  });
  it("drops every other host, scheme and relative URL", () => {
    expect(keptImageSrc("https://tracker.evil.example/p.gif", wrike)).toBeNull();
    expect(keptImageSrc("https://www.wrike.com.evil.example/p.gif", wrike)).toBeNull();
    expect(keptImageSrc("https://www.wrike.com:8443/p.gif", wrike)).toBeNull();
    expect(keptImageSrc("http://www.wrike.com/p.gif", wrike)).toBeNull();
    expect(keptImageSrc("https://app-eu.wrike.com/p.gif", wrike)).toBeNull();
    expect(keptImageSrc("https://user@www.wrike.com/p.gif", wrike)).toBeNull();
    expect(keptImageSrc("//www.wrike.com/p.gif", wrike)).toBeNull();
    expect(keptImageSrc("/api/v4/attachments/x/download", wrike)).toBeNull();
    expect(keptImageSrc("x", wrike)).toBeNull();
    expect(keptImageSrc("data:image/gif;base64,R0lGODlhAQABAAAAACw=", wrike)).toBeNull();
    expect(keptImageSrc("javascript:alert(1)", wrike)).toBeNull();
    expect(keptImageSrc(null, wrike)).toBeNull();
    expect(keptImageSrc("https://www.wrike.com/a.png", [])).toBeNull();
  });
  it("always has an alt", () => {
    expect(imageAlt("Sales chart", "ignored")).toBe("Sales chart");
    expect(imageAlt(null, "Roadmap")).toBe("Roadmap");
    expect(imageAlt("  ", " Roadmap ")).toBe("Roadmap");
    expect(imageAlt(null, null)).toBe(DEFAULT_IMAGE_ALT);
  });
});

describe("links", () => {
  it("keeps http(s) and mailto links to other origins, as absolute URLs", () => {
    expect(keptLinkHref("https://example.com/report", PAGE)).toBe("https://example.com/report");
    expect(keptLinkHref("https://www.wrike.com/open.htm?id=1", PAGE)).toBe(
      "https://www.wrike.com/open.htm?id=1",
    );
    expect(keptLinkHref("mailto:ada@acme.test", PAGE)).toBe("mailto:ada@acme.test");
    // Protocol-relative goes to another host: kept, written out in full.
    expect(keptLinkHref("//example.com/x", PAGE)).toBe("http://example.com/x");
    // Another port is another origin.
    expect(keptLinkHref("http://localhost:8822/x", PAGE)).toBe("http://localhost:8822/x");
  });
  it("drops links to the relay's own origin, relative ones included", () => {
    expect(keptLinkHref("/auth/login?mode=popup&handoff=AAAA", PAGE)).toBeNull();
    expect(keptLinkHref("http://localhost:4174/auth/login", PAGE)).toBeNull();
    expect(keptLinkHref("HTTP://LOCALHOST:4174/auth/logout", PAGE)).toBeNull();
    expect(keptLinkHref("auth/login", PAGE)).toBeNull();
    expect(keptLinkHref("?x=1", PAGE)).toBeNull();
    expect(keptLinkHref("#top", PAGE)).toBeNull();
    expect(keptLinkHref("", PAGE)).toBeNull();
    expect(keptLinkHref("https://app.example/x", "https://app.example/embed")).toBeNull();
  });
  it("drops script, data and other schemes however they are disguised", () => {
    expect(keptLinkHref("javascript:alert(1)", PAGE)).toBeNull();
    expect(keptLinkHref(" JaVaScRiPt:alert(1)", PAGE)).toBeNull();
    expect(keptLinkHref("java\tscript:alert(1)", PAGE)).toBeNull();
    expect(keptLinkHref("\u0001javascript:alert(1)", PAGE)).toBeNull();
    expect(keptLinkHref("data:text/html,<script>", PAGE)).toBeNull();
    expect(keptLinkHref("vbscript:x", PAGE)).toBeNull();
    expect(keptLinkHref("ftp://example.com/x", PAGE)).toBeNull();
    expect(keptLinkHref(null, PAGE)).toBeNull();
  });
  it("drops links whose credentials make them read as another host", () => {
    expect(keptLinkHref("https://www.wrike.com@evil.example/login", PAGE)).toBeNull();
    expect(keptLinkHref("https://user:pass@example.com/", PAGE)).toBeNull();
  });
});
