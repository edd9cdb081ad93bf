// Sealing: AES-GCM round trips, tamper and truncation fail, purposes do not mix, keys rotate.
import { describe, expect, it } from "vitest";
import { fromBase64Url, seal, toBase64Url, unseal } from "../../worker/lib/seal.ts";

const OLD = "old-key-0123456789abcdef0123456789abcdef";
const NEW = "new-key-0123456789abcdef0123456789abcdef";
const value = { sid: "s1", rt: "refresh-secret", n: 42 };

describe("seal", () => {
  it("round-trips a value under the same key and purpose", async () => {
    const sealed = await seal([NEW], "session", value);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(await unseal([NEW], "session", sealed)).toEqual(value);
  });

  it("hides the plaintext and uses a fresh IV every time", async () => {
    const a = await seal([NEW], "session", value);
    const b = await seal([NEW], "session", value);
    expect(a).not.toBe(b);
    expect(a).not.toContain("refresh");
    expect(atob(a.slice(3).replace(/-/g, "+").replace(/_/g, "/"))).not.toContain("refresh-secret");
  });

  it("refuses a value sealed for another purpose (a flow cookie is not a session)", async () => {
    const sealed = await seal([NEW], "flow:abc", value);
    expect(await unseal([NEW], "session", sealed)).toBeUndefined();
    expect(await unseal([NEW], "flow:abd", sealed)).toBeUndefined();
  });

  it("refuses every single-bit change of the sealed bytes", async () => {
    const sealed = await seal([NEW], "session", value);
    const bytes = fromBase64Url(sealed.slice(3))!;
    for (let i = 0; i < bytes.length; i += 7) {
      const copy = bytes.slice();
      copy[i] = (copy[i] ?? 0) ^ 1;
      expect(await unseal([NEW], "session", `v1.${toBase64Url(copy)}`)).toBeUndefined();
    }
  });

  it("refuses truncated, garbage, wrong-version and oversized input", async () => {
    const sealed = await seal([NEW], "session", value);
    for (const bad of [
      sealed.slice(0, -1),
      sealed.slice(0, 20),
      "v1.",
      "v1",
      "",
      "v2" + sealed.slice(2),
      sealed.replace("v1.", ""),
      "v1.!!!!",
      `v1.${"A".repeat(5000)}`,
      undefined,
    ]) {
      expect(await unseal([NEW], "session", bad)).toBeUndefined();
    }
  });

  it("opens with any listed key and seals with the first (rotation)", async () => {
    const underOld = await seal([OLD], "session", value);
    expect(await unseal([NEW, OLD], "session", underOld)).toEqual(value);
    const underNew = await seal([NEW, OLD], "session", value);
    expect(await unseal([NEW], "session", underNew)).toEqual(value);
    // Fails closed: a relay that knows only the old key cannot open what the new key sealed.
    expect(await unseal([OLD], "session", underNew)).toBeUndefined();
  });
});
