// Layout and accessibility checks run inside the page: horizontal overflow, small touch targets, clipped
// labels, and axe-core's rules.
import { readFileSync } from "node:fs";
import type { Frame, Page } from "playwright-core";
import { root } from "../support/stack.ts";

/**
 * What sticks out past the viewport's right (or left) edge: the document itself, and every rendered element
 * whose box does, unless an ancestor with `overflow: hidden | clip` cuts it off inside the viewport (a
 * progress bar's sliding stripe, an ellipsised title). A scroll container (`auto`) does not excuse it: on a
 * phone that is a sideways-scrolling strip.
 */
export function overflowing(page: Page | Frame): Promise<string[]> {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const out: string[] = [];
    const sw = document.documentElement.scrollWidth;
    if (sw > window.innerWidth) out.push(`document is ${sw}px wide in a ${window.innerWidth}px viewport`);
    const describe = (el: Element): string => {
      const id = el.id ? `#${el.id}` : "";
      const cls =
        typeof el.className === "string" && el.className
          ? `.${el.className.trim().split(/\s+/).join(".")}`
          : "";
      const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
      return `${el.tagName.toLowerCase()}${id}${cls} "${text}"`;
    };
    const clippedByAncestor = (el: Element): boolean => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        if (ox === "hidden" || ox === "clip") {
          const r = p.getBoundingClientRect();
          if (r.right <= vw + 0.5 && r.left >= -0.5) return true;
        }
      }
      return false;
    };
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (getComputedStyle(el).visibility === "hidden") continue;
      if ((r.right > vw + 0.5 || r.left < -0.5) && !clippedByAncestor(el)) {
        out.push(`${describe(el)}: ${Math.round(r.left)}..${Math.round(r.right)} of ${vw}px`);
      }
    }
    return out;
  });
}

/**
 * Controls a finger must hit that are smaller than 44 x 44 CSS px (WCAG 2.5.5). Links inside running text
 * are exempt (as WCAG exempts them); a checkbox or radio counts by its label, which is what takes the tap.
 */
export function smallTargets(page: Page | Frame, min = 44): Promise<string[]> {
  return page.evaluate((min) => {
    const out: string[] = [];
    const selector =
      "button, select, input, textarea, a.button, nav a, a[data-task-id], [data-task-id] a, summary, label.choice, label.check";
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      if (
        el instanceof HTMLInputElement &&
        (el.type === "checkbox" || el.type === "radio" || el.type === "hidden")
      )
        continue;
      if (el.closest(".visually-hidden, [inert]")) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      // Off-screen until focused (the skip link).
      if (r.bottom <= 0) continue;
      if (r.width < min - 0.5 || r.height < min - 0.5) {
        const name = (el.getAttribute("aria-label") ?? el.textContent ?? "").trim().replace(/\s+/g, " ");
        out.push(
          `${el.tagName.toLowerCase()} "${name.slice(0, 40)}" is ${Math.round(r.width)}x${Math.round(r.height)}`,
        );
      }
    }
    return out;
  }, min);
}

/** Elements matching `selector` whose text does not fit (cut off or ellipsised), or that sit off screen. */
export function clipped(page: Page | Frame, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const vw = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      const r = el.getBoundingClientRect();
      const text = (el.textContent ?? "").trim();
      if (r.width === 0 || r.height === 0) out.push(`"${text}" is not shown`);
      else if (el.scrollWidth > el.clientWidth + 1)
        out.push(`"${text}" is cut (${el.scrollWidth} > ${el.clientWidth})`);
      else if (r.right > vw + 0.5 || r.left < -0.5) out.push(`"${text}" is off screen`);
    }
    return out;
  }, selector);
}

/** Elements matching `selector` whose text runs over more than one line (a label broken mid-way). */
export function wrapped(page: Page | Frame, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      const range = document.createRange();
      range.selectNodeContents(el);
      const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
      if (lines.size > 1) out.push(`"${(el.textContent ?? "").trim()}" wraps over ${lines.size} lines`);
    }
    return out;
  }, selector);
}

const AXE_SOURCE = readFileSync(`${root}node_modules/axe-core/axe.min.js`, "utf8");

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string; summary: string }[];
}

/**
 * Runs axe-core in the page (or frame) and returns violations of impact serious or critical. The source is
 * evaluated through the DevTools protocol, which the page's CSP does not govern, so nothing is loosened.
 */
export async function axeSerious(page: Page | Frame): Promise<AxeFinding[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[]; failureSummary?: string }[];
      }[];
    }
    const res = await axe.run(document, { resultTypes: ["violations"] });
    return res.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? "",
        help: v.help,
        nodes: v.nodes.slice(0, 8).map((n) => ({
          target: n.target.map(String).join(" "),
          summary: (n.failureSummary ?? "").replace(/\s+/g, " ").slice(0, 200),
        })),
      }));
  });
}
