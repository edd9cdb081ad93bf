// Per test file: reports how many relay responses the leak check read (see helpers.ts checkedResponse).
import { afterAll } from "vitest";
import { leakCheck } from "./helpers.ts";

afterAll(() => {
  if (leakCheck.bodies > 0) {
    console.log(
      `leak check: ${leakCheck.bodies} relay responses read, ${leakCheck.refreshTokens.size} refresh tokens ` +
        "and the client secret watched, none found in a body or header",
    );
  }
});
