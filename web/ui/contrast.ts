// Colour contrast (WCAG 2.x) and status-pill shades: keep Wrike's hue, reach 4.5:1 in light and dark.

/** sRGB channels, 0–255. */
export type Rgb = readonly [number, number, number];
export type ThemeName = "light" | "dark";

/** WCAG AA for normal-size text. */
export const AA = 4.5;

/**
 * The surfaces pills sit on, as app.css defines `--surface` per theme (a unit test holds the two in
 * step). A pill's background is opaque, so what is behind the row (hover, selection) does not matter.
 */
export const SURFACES: Record<ThemeName, string> = { light: "#ffffff", dark: "#1a1e26" };

/** How much of the hue tints a pill's background: a light wash, a little stronger on dark. */
const TINT: Record<ThemeName, number> = { light: 0.14, dark: 0.24 };

/** Aim a little above 4.5 so that rounding in other tools (axe, browsers) never reads it as 4.49. */
const TARGET = AA + 0.1;

export function parseHex(hex: string): Rgb {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) throw new Error(`not a hex colour: ${hex}`);
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join("") : m[1]!;
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as unknown as Rgb;
}

export function toHex(rgb: Rgb): string {
  return `#${rgb
    .map((c) =>
      Math.round(Math.min(255, Math.max(0, c)))
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;
}

/** Relative luminance, as WCAG 2.x defines it. */
export function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two colours, 1 to 21. */
export function contrast(a: string | Rgb, b: string | Rgb): number {
  const la = luminance(typeof a === "string" ? parseHex(a) : a);
  const lb = luminance(typeof b === "string" ? parseHex(b) : b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** `amount` of `top` laid over `bottom`, as an opaque colour (color-mix in sRGB). */
export function mix(top: string, bottom: string, amount: number): string {
  const t = parseHex(top);
  const b = parseHex(bottom);
  return toHex([0, 1, 2].map((i) => t[i]! * amount + b[i]! * (1 - amount)) as unknown as Rgb);
}

interface Hsl {
  h: number;
  s: number;
  l: number;
}

function toHsl([r, g, b]: Rgb): Hsl {
  const [rn, gn, bn] = [r / 255, g / 255, b / 255];
  const max = Math.max(rn, gn, bn);
  const min = Math.min(rn, gn, bn);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return { h: 0, s: 0, l };
  const s = d / (1 - Math.abs(2 * l - 1));
  const h = max === rn ? ((gn - bn) / d + 6) % 6 : max === gn ? (bn - rn) / d + 2 : (rn - gn) / d + 4;
  return { h: h * 60, s, l };
}

function fromHsl({ h, s, l }: Hsl): Rgb {
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = l - c / 2;
  const [r, g, b] =
    h < 60
      ? [c, x, 0]
      : h < 120
        ? [x, c, 0]
        : h < 180
          ? [0, c, x]
          : h < 240
            ? [0, x, c]
            : h < 300
              ? [x, 0, c]
              : [c, 0, x];
  return [(r + m) * 255, (g + m) * 255, (b + m) * 255];
}

/** The hue angle of a colour (0–360); undefined for a grey, which has none. */
export function hueOf(hex: string): number | undefined {
  const hsl = toHsl(parseHex(hex));
  return hsl.s === 0 ? undefined : hsl.h;
}

/**
 * The colour nearest to `colour` in lightness, with its hue and saturation, whose contrast with
 * `background` is at least `min`: darker on a light background, lighter on a dark one. A colour that
 * already reads stays as it is.
 */
export function readableOn(colour: string, background: string, min = TARGET): string {
  if (contrast(colour, background) >= min) return colour.toLowerCase();
  const hsl = toHsl(parseHex(colour));
  const darker = luminance(parseHex(background)) > 0.18;
  for (let step = 1; step <= 100; step++) {
    const l = darker ? hsl.l - step / 100 : hsl.l + step / 100;
    const candidate = toHex(fromHsl({ ...hsl, l: Math.min(1, Math.max(0, l)) }));
    if (contrast(candidate, background) >= min) return candidate;
  }
  return darker ? "#000000" : "#ffffff";
}

export interface PillShades {
  /** The text colour. */
  fg: string;
  /** The pill's (opaque) background. */
  bg: string;
}

/**
 * A pill's text and background in one theme: a wash of the hue over the surface (turned back to the hue's
 * own angle, since the dark surface is slightly blue) behind a shade of the hue that reads on it.
 */
export function pillShades(hue: string, theme: ThemeName): PillShades {
  const wash = toHsl(parseHex(mix(hue, SURFACES[theme], TINT[theme])));
  const own = toHsl(parseHex(hue));
  const bg = own.s === 0 ? toHex(fromHsl(wash)) : toHex(fromHsl({ ...wash, h: own.h }));
  return { fg: readableOn(hue, bg), bg };
}

const cache = new Map<string, Record<ThemeName, PillShades>>();

/** Both themes' shades for a hue, computed once per hue (a list renders the same few statuses often). */
export function pillPalette(hue: string): Record<ThemeName, PillShades> {
  let p = cache.get(hue);
  if (!p) {
    p = { light: pillShades(hue, "light"), dark: pillShades(hue, "dark") };
    cache.set(hue, p);
  }
  return p;
}
