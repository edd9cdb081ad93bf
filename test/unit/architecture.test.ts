// The import rules that state the architecture: the app uses only the shared contract of the relay, the
// relay never imports the app, worker/lib is pure (no I/O, no request plumbing), the simulator knows
// neither, and no product code imports a test. Imports are read with TypeScript's own scanner.
import { readdirSync, readFileSync } from "node:fs";
import { posix } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The one module the app and the relay share: types and constants, no DOM or Worker globals. */
const CONTRACT = "worker/shared/contract.ts";

interface Edge {
  /** Repository path of the importing file. */
  from: string;
  /** The specifier as written. */
  spec: string;
  /** Repository path it points at (relative specifiers), or null (packages, `cloudflare:*`). */
  to: string | null;
  line: number;
}

interface Violation {
  rule: string;
  file: string;
  /** What breaks the rule: the specifier, or the call. */
  what: string;
  line: number;
}

/**
 * Known violations, each with why it stands for now. An entry that no longer matches a violation fails
 * too, so the list shrinks as the code is fixed.
 */
const EXCEPTIONS: readonly { rule: string; file: string; what: string; reason: string }[] = [];

const SOURCE = /\.(ts|js|svelte)$/;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(`${root}${dir}`, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules") out.push(...filesUnder(path));
    } else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/** A file's code: for a .svelte file its <script> blocks, everything else blanked so lines still match. */
function codeOf(path: string): string {
  const text = readFileSync(`${root}${path}`, "utf8");
  if (!path.endsWith(".svelte")) return text;
  const keep = new Array<boolean>(text.length).fill(false);
  for (const m of text.matchAll(/(<script\b[^>]*>)([\s\S]*?)<\/script>/g)) {
    const start = m.index + m[1]!.length;
    keep.fill(true, start, start + m[2]!.length);
  }
  return [...text].map((ch, i) => (keep[i] || ch === "\n" ? ch : " ")).join("");
}

const lineAt = (code: string, pos: number) => code.slice(0, pos).split("\n").length;

/** Every import, export-from, dynamic import() and require() of a file, type-only ones included. */
export function importsOf(path: string, code = codeOf(path)): Edge[] {
  return ts.preProcessFile(code, true, true).importedFiles.map(({ fileName: spec, pos }) => ({
    from: path,
    spec,
    to: spec.startsWith(".") ? posix.normalize(posix.join(posix.dirname(path), spec)) : null,
    line: lineAt(code, pos),
  }));
}

/** Calls that reach the network: `fetch(...)` and `x.fetch(...)` (a binding's or a service's). */
function networkCalls(path: string, code = codeOf(path)): { what: string; line: number }[] {
  const file = ts.createSourceFile(path, code, ts.ScriptTarget.Latest, true);
  const out: { what: string; line: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee)
          ? callee.name.text
          : "";
      if (name === "fetch") {
        out.push({ what: `${callee.getText(file)}()`, line: lineAt(code, node.getStart(file)) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

const under = (path: string | null, dir: string) => path !== null && path.startsWith(`${dir}/`);

/** The import rules, each a check of one edge: the rule's name when the edge breaks it. */
const RULES: readonly { rule: string; breaks(e: Edge): boolean }[] = [
  {
    rule: "web/ uses only the shared contract of worker/",
    breaks: (e) => under(e.from, "web") && under(e.to, "worker") && e.to !== CONTRACT,
  },
  { rule: "worker/ never imports web/", breaks: (e) => under(e.from, "worker") && under(e.to, "web") },
  {
    // Pure logic: no routes, middleware, Durable Objects, I/O, bindings or Worker runtime modules.
    rule: "worker/lib is pure",
    breaks: (e) =>
      under(e.from, "worker/lib") &&
      ((under(e.to, "worker") && !under(e.to, "worker/lib") && e.to !== CONTRACT) ||
        e.spec.startsWith("cloudflare:")),
  },
  {
    rule: "the shared contract imports nothing",
    breaks: (e) => e.from === CONTRACT,
  },
  {
    rule: "the simulator knows neither the app nor the relay",
    breaks: (e) => under(e.from, "test/wrike-sim") && (under(e.to, "web") || under(e.to, "worker")),
  },
  {
    rule: "product code never imports a test",
    breaks: (e) => (under(e.from, "web") || under(e.from, "worker")) && under(e.to, "test"),
  },
];

export function violationsOf(edges: readonly Edge[]): Violation[] {
  return edges.flatMap((e) =>
    RULES.filter((r) => r.breaks(e)).map((r) => ({ rule: r.rule, file: e.from, what: e.spec, line: e.line })),
  );
}

const files = [...filesUnder("web"), ...filesUnder("worker"), ...filesUnder("test/wrike-sim")];
const edges = files.flatMap((f) => importsOf(f));
const violations = [
  ...violationsOf(edges),
  ...files
    .filter((f) => under(f, "worker/lib"))
    .flatMap((f) => networkCalls(f).map((c) => ({ rule: "worker/lib does no network I/O", file: f, ...c }))),
];

const excepted = (v: Violation) =>
  EXCEPTIONS.some((x) => x.rule === v.rule && x.file === v.file && x.what === v.what);
const show = (v: Violation) => `${v.file}:${v.line} imports or calls ${v.what} (${v.rule})`;

describe("the import rules", () => {
  it("holds for every file of web/, worker/ and the simulator", () => {
    expect(violations.filter((v) => !excepted(v)).map(show)).toEqual([]);
  });

  it.each(EXCEPTIONS.map((x) => [`${x.file} → ${x.what}`, x] as const))(
    "keeps the exception %s only while it is still needed",
    (_name, x) => {
      expect(x.reason).not.toBe("");
      expect(violations.some((v) => v.rule === x.rule && v.file === x.file && v.what === x.what)).toBe(true);
    },
  );
});

describe("the scanner the rules rely on", () => {
  it("reads every area, .svelte files included", () => {
    for (const dir of ["web", "worker/lib", "worker/routes", "test/wrike-sim"]) {
      expect(files.filter((f) => under(f, dir)).length, dir).toBeGreaterThan(3);
    }
    expect(files.some((f) => f.endsWith(".svelte"))).toBe(true);
  });

  it("sees the app's imports of the contract, in .ts and .svelte files", () => {
    const toContract = edges.filter((e) => e.to === CONTRACT && under(e.from, "web"));
    expect(toContract.some((e) => e.from.endsWith(".svelte"))).toBe(true);
    expect(toContract.some((e) => e.from.endsWith(".ts"))).toBe(true);
  });

  it("sees static, type-only, re-exported, dynamic and svelte-script imports, with their lines", () => {
    const code = [
      'import { a } from "./a.ts";',
      'import type { B } from "../worker/routes/b.ts";',
      'export { c } from "./c.ts";',
      'const d = await import("./d.ts");',
      'import { env } from "cloudflare:workers";',
    ].join("\n");
    expect(importsOf("web/x.ts", code).map((e) => [e.spec, e.to, e.line])).toEqual([
      ["./a.ts", "web/a.ts", 1],
      ["../worker/routes/b.ts", "worker/routes/b.ts", 2],
      ["./c.ts", "web/c.ts", 3],
      ["./d.ts", "web/d.ts", 4],
      ["cloudflare:workers", null, 5],
    ]);
    const svelte = importsOf("web/x.svelte", codeOf("web/signin/SignIn.svelte"));
    expect(svelte.length).toBeGreaterThan(0);
    expect(svelte.every((e) => e.line > 1)).toBe(true);
  });

  it.each([
    ["web/a.ts", "../worker/routes/auth.ts", "web/ uses only the shared contract of worker/"],
    ["web/a.ts", "../worker/lib/seal.ts", "web/ uses only the shared contract of worker/"],
    ["worker/app.ts", "../web/wrike/api.ts", "worker/ never imports web/"],
    ["worker/lib/a.ts", "../routes/auth.ts", "worker/lib is pure"],
    ["worker/lib/a.ts", "../middleware/cors.ts", "worker/lib is pure"],
    ["worker/lib/a.ts", "../objects/refresh-flight.ts", "worker/lib is pure"],
    ["worker/lib/a.ts", "../io/upstream.ts", "worker/lib is pure"],
    ["worker/lib/a.ts", "cloudflare:workers", "worker/lib is pure"],
    ["worker/shared/contract.ts", "./errors.ts", "the shared contract imports nothing"],
    ["test/wrike-sim/a.ts", "../../web/wrike/api.ts", "the simulator knows neither the app nor the relay"],
    ["test/wrike-sim/a.ts", "../../worker/lib/seal.ts", "the simulator knows neither the app nor the relay"],
    ["web/a.ts", "../test/wrike-sim/index.ts", "product code never imports a test"],
  ])("flags %s importing %s: %s", (from, spec, rule) => {
    const found = violationsOf(importsOf(from, `import x from "${spec}";`));
    expect(found.map((v) => v.rule)).toEqual([rule]);
  });

  it.each([
    ["web/a.ts", "../worker/shared/contract.ts"],
    ["worker/lib/a.ts", "./seal.ts"],
    ["worker/lib/a.ts", "hono/html"],
    ["worker/routes/a.ts", "../objects/refresh-flight.ts"],
    ["test/wrike-sim/a.ts", "node:http"],
  ])("allows %s importing %s", (from, spec) => {
    expect(violationsOf(importsOf(from, `import x from "${spec}";`))).toEqual([]);
  });

  it("finds network calls, not the word in comments or strings", () => {
    const code = '// fetch(x)\nconst s = "fetch(";\nawait fetch(url);\nawait env.ASSETS.fetch(req);';
    expect(networkCalls("worker/lib/a.ts", code)).toEqual([
      { what: "fetch()", line: 3 },
      { what: "env.ASSETS.fetch()", line: 4 },
    ]);
  });
});

describe("the app's folders and the relay's routes", () => {
  // Under `vite dev` the relay answers every request first (run_worker_first) and Vite serves web/ as the
  // site root, so a web/ folder named like a relay route would have its modules answered by the relay.
  const prefixes = [
    ...readFileSync(`${root}worker/app.ts`, "utf8").matchAll(/app\.route\("\/(\w[\w.-]*)"/g),
    ...readFileSync(`${root}worker/routes/meta.ts`, "utf8").matchAll(/meta\.\w+\("\/(\w[\w.-]*)/g),
  ].map((m) => m[1]!);

  it("reads the relay's route prefixes", () => {
    expect(prefixes).toEqual(expect.arrayContaining(["auth", "api", "healthz"]));
  });

  it("names no web/ entry like a relay route", () => {
    const names = readdirSync(`${root}web`).filter((n) => prefixes.includes(n.replace(/\.[^.]+$/, "")));
    expect(names).toEqual([]);
  });
});
