// The relay boots in workerd and answers.
import { exports } from "cloudflare:workers";
import { expect, it } from "vitest";

it("answers on /auth/ping", async () => {
  const res = await exports.default.fetch("https://relay.test/auth/ping");
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ ok: true });
});
