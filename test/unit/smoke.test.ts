import { expect, it } from "vitest";
it("runs under Node 22 or newer", () => {
  expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(22);
});
