// GET /auth/login: the redirect to Wrike's authorize page and the per-flow cookie, or a 400 page.
import { describe, expect, it } from "vitest";
import { flowIdOf } from "../../worker/lib/state.ts";
import { unseal } from "../../worker/lib/seal.ts";
import { env } from "cloudflare:workers";
import { errorOf, relay, SIM_LOGIN, startLogin } from "./helpers.ts";

describe("GET /auth/login", () => {
  it("redirects to Wrike's authorize URL with client, callback, state and the read scope", async () => {
    const { authorizeUrl, res } = await startLogin("return_to=%2Ftasks%3Fs%3D1&access=read&mode=redirect");
    const url = new URL(authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${SIM_LOGIN}/oauth2/authorize/v4`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: "relay-test-client",
      response_type: "code",
      redirect_uri: "https://relay.test/auth/callback",
      scope: "wsReadOnly",
    });
    const state = url.searchParams.get("state") ?? "";
    const flowId = flowIdOf(state);
    expect(flowId).toBeDefined();
    // One cookie for this flow, named by its id, sealed, short-lived, HttpOnly, Lax, __Host-.
    const [cookie, ...others] = res.headers.getSetCookie();
    expect(others).toEqual([]);
    expect(cookie).toMatch(new RegExp(`^__Host-wp_flow_${flowId}=v1\\.`));
    expect(cookie).toMatch(/; Max-Age=600/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(cookie).not.toContain(state);
    const sealed = /=([^;]+)/.exec(cookie ?? "")?.[1];
    expect(await unseal(env.SESSION_SECRET!.split(","), `flow:${flowId}`, sealed)).toMatchObject({
      state,
      return_to: "/tasks?s=1",
      mode: "redirect",
      access: "read",
    });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("asks for wsReadWrite for write access, and defaults to read", async () => {
    const write = new URL((await startLogin("access=write")).authorizeUrl);
    expect(write.searchParams.get("scope")).toBe("wsReadWrite");
    const plain = new URL((await startLogin("")).authorizeUrl);
    expect(plain.searchParams.get("scope")).toBe("wsReadOnly");
  });

  it("gives two sign-ins at once two flows that do not overwrite each other", async () => {
    const a = await startLogin();
    const b = await startLogin();
    const stateA = new URL(a.authorizeUrl).searchParams.get("state");
    const stateB = new URL(b.authorizeUrl).searchParams.get("state");
    expect(stateA).not.toBe(stateB);
    const nameA = [...a.jar.cookies.keys()][0];
    const nameB = [...b.jar.cookies.keys()][0];
    expect(nameA).not.toBe(nameB);
  });

  it("uses bare cookie names without Secure on plain http (local demo)", async () => {
    const res = await relay("http://relay.test/auth/login?return_to=%2F");
    expect(res.status).toBe(302);
    const [cookie] = res.headers.getSetCookie();
    expect(cookie).toMatch(/^wp_flow_[A-Za-z0-9_-]{22}=/);
    expect(cookie).not.toMatch(/Secure/);
    expect(new URL(res.headers.get("location") ?? "").searchParams.get("redirect_uri")).toBe(
      "http://relay.test/auth/callback",
    );
  });

  it.each([
    ["access=admin", "bad_request"],
    ["mode=iframe", "bad_request"],
    ["return_to=https%3A%2F%2Fevil.test%2F", "bad_request"],
    ["return_to=%2F%2Fevil.test", "bad_request"],
    ["return_to=%2F%5Cevil.test", "bad_request"],
    ["return_to=%2F%252F%252Fevil.test", "bad_request"],
    ["return_to=javascript%3Aalert(1)", "bad_request"],
  ])("refuses %s with a readable 400 page and no cookie", async (query, code) => {
    const res = await relay(`/auth/login?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await errorOf(res)).toBe(code);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(res.headers.get("location")).toBeNull();
  });
});
