// Every header of the relay's answers, pinned to what it sent with hono/secure-headers (fixtures/headers.json).
import { describe, expect, it } from "vitest";
import expected from "./fixtures/headers.json";
import {
  api,
  appPost,
  CookieJar,
  relay,
  resetSim,
  signIn,
  SIM_EU,
  SIM_US,
  token,
  withEnv,
} from "./helpers.ts";

const ALLOWED_ORIGIN = "https://app.example.test";

/** A response's headers, the values that change per response or run (the simulator's ports) as placeholders. */
function headersOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of res.headers) {
    if (name === "set-cookie" || name === "date" || name === "content-length") continue;
    const value = raw.replaceAll(SIM_US, "<us>").replaceAll(SIM_EU, "<eu>");
    if (name === "x-request-id") out[name] = /^[0-9a-f]{32}$/.test(value) ? "<id>" : value;
    else if (name === "content-security-policy")
      out[name] = value.replace(/'nonce-[A-Za-z0-9+/]{22}=='/, "'nonce-<n>'");
    else if (name === "etag" || name === "last-modified") out[name] = "<v>";
    else out[name] = value;
  }
  return out;
}

/**
 * The security headers are precomputed once per isolate now, and the hot routes build their answers in
 * one piece; the fixture is what hono/secure-headers and the old middleware chain produced (commit
 * ce8d285), so any header lost, added or changed on the way shows here, case by case. One change since, on
 * purpose: the app's page is answered whole, `no-store` and without validators, because its inline script
 * carries that response's nonce (routes/assets.ts).
 */
describe("every header of every kind of answer", () => {
  it("is what the relay sent before, name for name and value for value", async () => {
    await resetSim();
    const { jar, callback } = await signIn();
    const { res: tok, body } = await token(jar);
    const at = String(body.access_token);
    const cases: [string, Response][] = [
      ["page /", await relay("/")],
      ["page /embed", await relay("/embed")],
      ["script", await relay("/assets/app.js")],
      ["callback redirect", callback],
      ["login error page", await relay("/auth/login?access=admin")],
      ["token", tok],
      ["token 401", await appPost("/auth/token", new CookieJar())],
      ["proxied json", await api("contacts?me=true", at, SIM_US)],
      ["proxied 401", await api("contacts?me=true", "nonsense-token", SIM_US)],
      ["proxied cors", await api("contacts?me=true", at, SIM_US, { headers: { origin: ALLOWED_ORIGIN } })],
      ["proxy refused", await relay("/api/v3/tasks")],
      [
        "preflight",
        await relay("/api/v4/tasks", {
          method: "OPTIONS",
          headers: { origin: ALLOWED_ORIGIN, "access-control-request-method": "POST" },
        }),
      ],
      ["healthz", await relay("/healthz")],
      ["hosts", await relay("/auth/hosts")],
      [
        "https redirect",
        await relay("http://relay.test/api/v4/tasks?x=1", { via: withEnv({ WRIKE_LOCAL: "" }) }),
      ],
      ["https redirect page", await relay("http://relay.test/tasks", { via: withEnv({ WRIKE_LOCAL: "" }) })],
      ["not configured", await relay("/", { via: withEnv({ SESSION_SECRET: "" }) })],
    ];
    const all = Object.fromEntries(
      cases.map(([what, res]) => [what, { status: res.status, ...headersOf(res) }]),
    );
    expect(Object.keys(all)).toEqual(Object.keys(expected));
    for (const [what, headers] of Object.entries(expected)) expect(all[what], what).toEqual(headers);
  });
});
