// The package's fetch-only helpers against a running simulator: the typed /__sim control client (what each
// call changes, typed errors) and the sign-in walker (chooser, deny, and the pages it refuses to guess at).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignInWalkError, signInAtWrike, simControl, SimControlError, type Simulator } from "../index.ts";
import { api, authorizeUrl, errorOf, permanent, signIn, startSimulator } from "./helpers.ts";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ taskCount: 5 });
});
afterAll(async () => {
  await sim.close();
});

describe("simControl", () => {
  it("sets, reads and clears a fault, on any port", async () => {
    const control = simControl(`http://${sim.hosts.eu}/`);
    expect(await control.faults({ status: 503, count: 1 })).toEqual({ target: "api", status: 503, count: 1 });
    expect(await control.fault()).toMatchObject({ status: 503 });
    expect((await api(sim.hosts.us, "/account", permanent(sim, "grace@acme.test"))).status).toBe(503);
    await control.faults({ status: 500 });
    await control.clearFaults();
    expect(await control.fault()).toBeNull();
    expect((await api(sim.hosts.us, "/account", permanent(sim, "grace@acme.test"))).status).toBe(200);
  });

  it("changes the config and counts in stats; reset restores both", async () => {
    const control = simControl(sim.loginOrigin);
    expect((await control.config({ expiresInAsString: true })).expiresInAsString).toBe(true);
    expect((await control.currentConfig()).expiresInAsString).toBe(true);
    expect((await signIn(sim)).expires_in).toBe("3600");
    expect((await control.stats()).token.authorization_code).toBeGreaterThan(0);
    await control.reset();
    expect((await control.currentConfig()).expiresInAsString).toBe(false);
    expect((await control.stats()).token.authorization_code).toBe(0);
  });

  it("revokes a person's tokens and lists the seeded people", async () => {
    const control = simControl(sim.loginOrigin);
    const tokens = await signIn(sim);
    expect(await control.revoke("grace@acme.test")).toBeGreaterThan(0);
    expect((await errorOf(await api(tokens.host, "/account", tokens.access_token))).status).toBe(401);
    const users = await control.users();
    expect(users.map((u) => u.email)).toContain("grace@acme.test");
    await control.reset();
  });

  it("throws SimControlError with the status for a refused call, 0 for no simulator", async () => {
    const control = simControl(sim.loginOrigin);
    const refused = await control.config({ codeTtl: -1 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SimControlError);
    expect(refused).toMatchObject({ code: "sim_control_failed", status: 400 });
    expect((refused as Error).message).toContain("codeTtl");
    const gone = await simControl("http://127.0.0.1:9")
      .stats()
      .catch((e: unknown) => e);
    expect(gone).toMatchObject({ code: "sim_control_failed", status: 0 });
  });
});

describe("signInAtWrike", () => {
  it("picks the named account on the chooser and returns the code redirect", async () => {
    const back = await signInAtWrike(authorizeUrl(sim), {
      email: "ada@acme.test",
      account: "Nordlicht Studio",
    });
    expect(back.searchParams.get("state")).toBe("st-123");
    expect(back.searchParams.get("code")).toBeTruthy();
  });

  it("returns the access_denied redirect when the person denies", async () => {
    const back = await signInAtWrike(authorizeUrl(sim), { email: "grace@acme.test", decision: "deny" });
    expect(back.searchParams.get("error")).toBe("access_denied");
  });

  it("refuses to guess: no account for the chooser, a wrong password, an authorize error", async () => {
    const cases = [
      () => signInAtWrike(authorizeUrl(sim), { email: "ada@acme.test" }),
      () => signInAtWrike(authorizeUrl(sim), { email: "grace@acme.test", password: "nope" }),
      () => signInAtWrike(authorizeUrl(sim, { client_id: "unknown" }), { email: "grace@acme.test" }),
    ];
    for (const walk of cases) {
      const error = await walk().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SignInWalkError);
      expect(error).toMatchObject({ code: "sim_signin_unexpected" });
    }
  });
});
