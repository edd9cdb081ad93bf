// How the bench prints: sections, aligned tables, figures beside their comparison, and budgets (met / not met).
import { performance } from "node:perf_hooks";

/** Every line printed, so that `--record` can keep the run in docs/bench.md. */
export const printed: string[] = [];

export function say(line = ""): void {
  printed.push(line);
  console.log(line);
}

export function section(title: string): void {
  say();
  say(`== ${title}`);
}

/** One figure and what it is compared with, measured in the same run. */
export function figure(name: string, value: string, comparison: string): void {
  say(`  ${name}: ${value}   (${comparison})`);
}

/** Prints rows as a left-aligned table under a header row. */
export function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ")}`.trimEnd();
  say(line(header));
  for (const row of rows) say(line(row));
}

export interface Budget {
  figure: string;
  target: string;
  actual: string;
  /** undefined: not measured in this run (the reason is in `actual`). */
  met: boolean | undefined;
}

export const budgets: Budget[] = [];

/** A target of issue 12, judged on this run's figure. */
export function budget(figure: string, target: string, actual: string, met: boolean | undefined): void {
  budgets.push({ figure, target, actual, met });
  say(`  budget ${figure}: ${target}; now ${actual}: ${verdict(met)}`);
}

export const verdict = (met: boolean | undefined): string =>
  met === undefined ? "NOT MEASURED" : met ? "met" : "NOT MET";

export const kB = (n: number): string => `${(n / 1024).toFixed(1)} kB`;
export const ms = (n: number, digits = 2): string => `${n.toFixed(digits)} ms`;
export const us = (n: number): string => `${n.toFixed(0)} µs`;

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** Runs `fn` `n` times one after another; the durations, sorted (ms). */
export async function timeEach(n: number, fn: () => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}
