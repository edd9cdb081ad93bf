// The "a session exists" hint: only the relay's wp_present=1 cookie (either name) means "ask /auth/token".
import { describe, expect, it } from "vitest";
import { hasRelaySessionHint } from "../../web/session/relay.ts";

describe("hasRelaySessionHint", () => {
  it("is true only for the relay's presence cookie, under either name, anywhere in the list", () => {
    expect(hasRelaySessionHint({ cookie: "wp_present=1" })).toBe(true);
    expect(hasRelaySessionHint({ cookie: "theme=dark; __Host-wp_present=1" })).toBe(true);
    expect(hasRelaySessionHint({ cookie: "__Host-wp_present=1; other=2" })).toBe(true);
    expect(hasRelaySessionHint({ cookie: "" })).toBe(false);
    expect(hasRelaySessionHint({ cookie: "wp_present=0" })).toBe(false);
    expect(hasRelaySessionHint({ cookie: "not_wp_present=1" })).toBe(false);
    expect(hasRelaySessionHint({ cookie: "wp_present=10" })).toBe(false);
  });

  it("asks the relay when cookies cannot be read (or there is no document)", () => {
    const denied = {
      get cookie(): string {
        throw new DOMException("denied", "SecurityError");
      },
    };
    expect(hasRelaySessionHint(denied)).toBe(true);
    expect(hasRelaySessionHint(undefined)).toBe(true);
  });
});
