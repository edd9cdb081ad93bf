// Contrast maths (WCAG 2.x) and status-pill shades: Wrike's hue kept, 4.5:1 reached in light and dark.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  AA,
  SURFACES,
  contrast,
  hueOf,
  luminance,
  mix,
  parseHex,
  pillPalette,
  pillShades,
  readableOn,
  toHex,
} from "../../web/ui/contrast.ts";
import { STATUS_COLOURS } from "../../web/wrike/workflows.ts";

describe("contrast", () => {
  it("follows WCAG's definition at its known points", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#ffffff", "#ffffff")).toBe(1);
    // #767676 is the lightest grey that passes AA on white; #777777 is not.
    expect(contrast("#767676", "#ffffff")).toBeGreaterThanOrEqual(4.5);
    expect(contrast("#777777", "#ffffff")).toBeLessThan(4.5);
    // Symmetric.
    expect(contrast("#1fa5a5", "#ffffff")).toBeCloseTo(contrast("#ffffff", "#1fa5a5"), 10);
  });

  it("parses and prints hex colours, short and long", () => {
    expect(parseHex("#fff")).toEqual([255, 255, 255]);
    expect(parseHex("1A1E26")).toEqual([26, 30, 38]);
    expect(toHex([26, 30, 38])).toBe("#1a1e26");
    expect(() => parseHex("teal")).toThrow();
    expect(luminance([0, 0, 0])).toBe(0);
  });

  it("mixes like color-mix in sRGB", () => {
    expect(mix("#000000", "#ffffff", 0.5)).toBe("#808080");
    expect(mix("#ff0000", "#ffffff", 0)).toBe("#ffffff");
    expect(mix("#ff0000", "#ffffff", 1)).toBe("#ff0000");
  });
});

describe("readableOn", () => {
  it("leaves a colour that already reads as it is", () => {
    expect(readableOn("#1d2330", "#ffffff")).toBe("#1d2330");
  });

  it("darkens on light and lightens on dark, keeping the hue", () => {
    const teal = STATUS_COLOURS.Turquoise!;
    expect(contrast(teal, "#ffffff")).toBeLessThan(AA);
    const onLight = readableOn(teal, "#ffffff");
    expect(contrast(onLight, "#ffffff")).toBeGreaterThanOrEqual(AA);
    expect(luminance(parseHex(onLight))).toBeLessThan(luminance(parseHex(teal)));
    const purple = STATUS_COLOURS.Purple!;
    const onDark = readableOn(purple, "#1a1e26");
    expect(contrast(onDark, "#1a1e26")).toBeGreaterThanOrEqual(AA);
    expect(luminance(parseHex(onDark))).toBeGreaterThan(luminance(parseHex(purple)));
    expect(Math.abs(hueOf(onLight)! - hueOf(teal)!)).toBeLessThan(4);
    expect(Math.abs(hueOf(onDark)! - hueOf(purple)!)).toBeLessThan(4);
  });
});

describe("pill shades", () => {
  for (const theme of ["light", "dark"] as const) {
    it(`reach 4.5:1 for every Wrike status colour in ${theme}, with the hue kept`, () => {
      for (const [name, hue] of Object.entries(STATUS_COLOURS)) {
        const { fg, bg } = pillShades(hue, theme);
        expect(contrast(fg, bg), `${name} text on its pill`).toBeGreaterThanOrEqual(AA);
        // A tinted background, not the bare surface: the pill still shows its colour.
        expect(bg).not.toBe(SURFACES[theme]);
        // Gray is nearly neutral: its hue angle is rounding noise, not a colour to keep.
        const h = hueOf(hue);
        if (h === undefined || name === "Gray") continue;
        const dist = (a: number) => Math.min(Math.abs(a - h), 360 - Math.abs(a - h));
        expect(dist(hueOf(fg)!), `${name} text hue`).toBeLessThan(5);
        expect(dist(hueOf(bg)!), `${name} background hue`).toBeLessThan(8);
      }
    });
  }

  it("fixes the colours axe found failing: teal, blue and grey in light, purple in dark", () => {
    // What the old color-mix made of them fell short; the computed shades do not.
    for (const [hue, theme] of [
      [STATUS_COLOURS.Turquoise!, "light"],
      [STATUS_COLOURS.Blue!, "light"],
      [STATUS_COLOURS.Gray!, "light"],
      [STATUS_COLOURS.Purple!, "dark"],
    ] as const) {
      const { fg, bg } = pillShades(hue, theme);
      expect(contrast(fg, bg)).toBeGreaterThanOrEqual(AA);
    }
  });

  it("gives both themes and caches per hue", () => {
    const p = pillPalette(STATUS_COLOURS.Green!);
    expect(p.light).toEqual(pillShades(STATUS_COLOURS.Green!, "light"));
    expect(p.dark).toEqual(pillShades(STATUS_COLOURS.Green!, "dark"));
    expect(pillPalette(STATUS_COLOURS.Green!)).toBe(p);
  });

  it("computes against the surfaces app.css defines", () => {
    const css = readFileSync(new URL("../../web/app.css", import.meta.url), "utf8");
    const surface = (block: string) => /--surface:\s*(#[0-9a-f]{3,6})\s*;/i.exec(block)?.[1]?.toLowerCase();
    const light = css.slice(css.indexOf(":root {"), css.indexOf("}", css.indexOf(":root {")));
    const darkAt = css.indexOf(':root[data-theme="dark"]');
    const dark = css.slice(darkAt, css.indexOf("}", darkAt));
    expect(surface(light)).toBe(SURFACES.light);
    expect(surface(dark)).toBe(SURFACES.dark);
  });
});
