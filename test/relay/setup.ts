// Per test file: every line the relay logs is checked for secrets, and the response leak check reports.
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { leakCheck, logLeak } from "./helpers.ts";

/**
 * The Worker runs in this isolate, so its console is this one: every line it writes during any relay test
 * (the attack suites included) is checked against the secrets the tests have seen so far.
 */
const leaks: string[] = [];
let lines = 0;
const originals = { log: console.log, warn: console.warn, error: console.error };

beforeAll(() => {
  for (const level of ["log", "warn", "error"] as const) {
    console[level] = (...args: unknown[]) => {
      const line = args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ");
      lines++;
      if (logLeak(line)) leaks.push(line.slice(0, 120));
      // The relay's one line per request is checked and counted, not echoed (thousands of them).
      if (!line.startsWith('{"msg":"request"')) originals[level](...args);
    };
  }
});

afterEach(() => {
  expect(leaks, "a relay log line held a token, cookie, code, state or secret").toEqual([]);
});

afterAll(() => {
  Object.assign(console, originals);
  if (leakCheck.bodies > 0) {
    originals.log(
      `leak check: ${leakCheck.bodies} relay responses read, ${leakCheck.refreshTokens.size} refresh tokens ` +
        `and the client secret watched, none found in a body or header; ${lines} log lines, none with a secret`,
    );
  }
});
