// Child of the bench, run under /tmp/wp-e2e.lock: builds dist/ (vite build, e2e env) unless told not to, then copies it out.
import { cpSync, rmSync } from "node:fs";
import { buildE2E, root } from "../support/stack.ts";

const dest = process.argv[2];
if (!dest) throw new Error("usage: build.ts <destination> [--no-build]");
if (!process.argv.includes("--no-build")) await buildE2E();
rmSync(dest, { recursive: true, force: true });
cpSync(`${root}dist`, dest, { recursive: true });
