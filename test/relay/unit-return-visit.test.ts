// What a return visit preloads: the session hint is read exactly, and only the build's own chunk paths
// become Link headers (a tampered or foreign list names nothing).
import { describe, expect, it } from "vitest";
import { hasSessionHint, preloadLinks } from "../../worker/lib/return-visit.ts";

describe("the session hint", () => {
  it("is the relay's wp_present=1 cookie, __Host- or bare, and nothing like it", () => {
    expect(hasSessionHint("__Host-wp_present=1")).toBe(true);
    expect(hasSessionHint("a=b; wp_present=1; c=d")).toBe(true);
    for (const h of [undefined, "", "wp_present=0", "xwp_present=1", "wp_present=11", "wp_session=x"])
      expect(hasSessionHint(h), String(h)).toBe(false);
  });
});

describe("preload links", () => {
  it("names each of the build's chunks as a modulepreload, and their stylesheets as Vite asks for them", () => {
    const list = {
      scripts: ["/assets/signed-in-AbC_1.js", "/assets/timer-x.js"],
      styles: ["/assets/s-1.css"],
    };
    expect(preloadLinks(list)).toEqual([
      "</assets/signed-in-AbC_1.js>; rel=modulepreload",
      "</assets/timer-x.js>; rel=modulepreload",
      "</assets/s-1.css>; rel=preload; as=style; crossorigin",
    ]);
  });

  it("drops anything that is not one of the build's own script paths", () => {
    const hostile = [
      "https://evil.example/x.js",
      "//evil.example/x.js",
      "/assets/../auth/token",
      "/assets/x.js>; rel=preload; as=fetch, </auth/token",
      "/api/v4/contacts",
      "/assets/x.css",
      42,
    ];
    expect(
      preloadLinks({
        scripts: hostile,
        styles: [...hostile.filter((h) => h !== "/assets/x.css"), "/assets/x.js", "/x.css"],
      }),
    ).toEqual([]);
    for (const list of [null, undefined, "x", { scripts: "x" }, { other: [] }])
      expect(preloadLinks(list)).toEqual([]);
  });
});
