// The relay boots in workerd and serves the app with its security headers.
import { exports } from "cloudflare:workers";
import { expect, it } from "vitest";

it("serves the app's index page", async () => {
  const res = await exports.default.fetch("https://relay.test/");
  expect(res.status).toBe(200);
  expect(await res.text()).toContain("relay-test-index");
});
