// The profile screen's facts: the locale by name, the data centre by name, and the contact details Wrike has.
import { describe, expect, it } from "vitest";
import { localeName } from "../../web/ui/dates.ts";
import type { Contact } from "../../web/wrike/types.ts";
import { profileView } from "../../web/profile/profile.ts";

const ctx = {
  timeZone: "Europe/London",
  locale: "en",
  kind: "oauth" as const,
  canWrite: false,
  dataCentre: "US (www.wrike.com)",
};
const me: Contact & Record<string, unknown> = {
  id: "KUAAAAAA",
  firstName: "Ada",
  lastName: "Lovelace",
  timezone: "Europe/London",
  locale: "en",
  primaryEmail: "ada@acme.test",
  title: "Head of Engineering",
  companyName: "Acme Robotics",
  phone: "+44 20 7946 0018",
  location: "London, UK",
};

describe("locale by name", () => {
  it("names Wrike's codes in the user's language, a bare language with its likely region", () => {
    expect(localeName("en", "en")).toBe("English (United States)");
    expect(localeName("en_GB", "en")).toBe("English (United Kingdom)");
    expect(localeName("de", "de")).toBe("Deutsch (Deutschland)");
    expect(localeName("fr_CA", "en-GB")).toBe("French (Canada)");
  });
  it("gives the code back when it cannot be named", () => {
    expect(localeName("!!", "en")).toBe("!!");
  });
});

describe("profile view", () => {
  const view = profileView(
    me,
    { id: "A", name: "Acme Robotics" },
    { accountId: "A", role: "User", owner: true },
    ctx,
  );

  it("shows no raw locale code or bare host", () => {
    expect(view.locale).toBe("English (United States)");
    expect(view.dataCentre).toBe("US (www.wrike.com)");
    expect(view.access).toBe("Read only");
  });
  it("lists title, company, phone and location when Wrike has them, in that order", () => {
    expect(view.details).toEqual([
      { label: "Title", value: "Head of Engineering" },
      { label: "Company", value: "Acme Robotics" },
      { label: "Phone", value: "+44 20 7946 0018" },
      { label: "Location", value: "London, UK" },
    ]);
    const sparse = profileView(
      { ...me, title: " ", phone: undefined, companyName: 7 } as Contact,
      null,
      null,
      ctx,
    );
    expect(sparse.details).toEqual([{ label: "Location", value: "London, UK" }]);
  });
  it("names a permanent token's access without the host", () => {
    expect(profileView(me, null, null, { ...ctx, kind: "permanent" }).access).toBe("Permanent token");
  });
});
