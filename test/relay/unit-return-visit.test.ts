// What a return visit preloads: the session hint is read exactly, and only the build's own script and
// stylesheet paths become Link headers, in the list's order (a tampered or foreign list names nothing).
import { describe, expect, it } from "vitest";
import { hasSessionHint, isHashedAsset, prefetchLinks, preloadLinks } from "../../worker/lib/return-visit.ts";

describe("the session hint", () => {
  it("is the relay's wp_present=1 cookie, __Host- or bare, and nothing like it", () => {
    expect(hasSessionHint("__Host-wp_present=1")).toBe(true);
    expect(hasSessionHint("a=b; wp_present=1; c=d")).toBe(true);
    for (const h of [undefined, "", "wp_present=0", "xwp_present=1", "wp_present=11", "wp_session=x"])
      expect(hasSessionHint(h), String(h)).toBe(false);
  });
});

describe("preload links", () => {
  it("names scripts as modulepreloads and stylesheets as Vite asks for them, in the list's order", () => {
    const preload = [
      { href: "/assets/main-1.js", as: "script" },
      { href: "/assets/main-1.css", as: "style" },
      { href: "/assets/signed-in-AbC_1.js", as: "script" },
      { href: "/assets/s-1.css", as: "style" },
    ];
    expect(preloadLinks({ preload })).toEqual([
      "</assets/main-1.js>; rel=modulepreload",
      "</assets/main-1.css>; rel=preload; as=style; crossorigin",
      "</assets/signed-in-AbC_1.js>; rel=modulepreload",
      "</assets/s-1.css>; rel=preload; as=style; crossorigin",
    ]);
  });

  it("drops anything that is not one of the build's own script or stylesheet paths", () => {
    const hostile = [
      "https://evil.example/x.js",
      "//evil.example/x.js",
      "/assets/../auth/token",
      "/assets/x.js>; rel=preload; as=fetch, </auth/token",
      "/api/v4/contacts",
      "/x.css",
    ];
    const preload = [
      ...hostile.flatMap((href) => [
        { href, as: "script" },
        { href, as: "style" },
      ]),
      { href: "/assets/x.css", as: "script" },
      { href: "/assets/x.js", as: "style" },
      { href: "/assets/x.js", as: "fetch" },
      { href: 42, as: "script" },
      null,
    ];
    expect(preloadLinks({ preload })).toEqual([]);
    for (const list of [null, undefined, "x", { preload: "x" }, { scripts: ["/assets/x.js"] }])
      expect(preloadLinks(list)).toEqual([]);
  });
});

describe("prefetch links (a first visit)", () => {
  it("names the list's prefetch files, scripts and stylesheets alike, at the lowest priority", () => {
    const prefetch = [
      { href: "/assets/signed-in-AbC_1.js", as: "script" },
      { href: "/assets/signed-in-AbC_1.css", as: "style" },
      { href: "https://evil.example/x.js", as: "script" },
      { href: "/assets/x.js>; rel=preload, </auth/token", as: "script" },
      { href: "/assets/x.js", as: "fetch" },
    ];
    expect(prefetchLinks({ preload: [{ href: "/assets/main-1.js", as: "script" }], prefetch })).toEqual([
      "</assets/signed-in-AbC_1.js>; rel=prefetch; as=script; crossorigin",
      "</assets/signed-in-AbC_1.css>; rel=prefetch; as=style; crossorigin",
    ]);
    // The return visit's list is not the first visit's, and a list without one prefetches nothing.
    expect(preloadLinks({ prefetch })).toEqual([]);
    for (const list of [null, "x", { prefetch: "x" }, { preload: prefetch }])
      expect(prefetchLinks(list)).toEqual([]);
  });
});

describe("hashed build files", () => {
  it("are Vite's name-HASH8.ext files under /assets/ only", () => {
    for (const p of ["/assets/main-DqLKTnWP.js", "/assets/TimerButton-_RtLcNyD.js", "/assets/x-BrmQ__nB.css"])
      expect(isHashedAsset(p), p).toBe(true);
    for (const p of [
      "/assets/return-visit.json",
      "/assets/app.js",
      "/assets/main-DqLKTnW.js",
      "/embed.js",
      "/main-DqLKTnWP.js",
      "/assets/sub/main-DqLKTnWP.js",
      "/assets/main-DqLKTnWP.html",
      "/assets/main-DqLKTnWP.js/",
    ])
      expect(isHashedAsset(p), p).toBe(false);
  });
});
