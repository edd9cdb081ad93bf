// What the profile screen shows, derived from contacts?me=true, the account and the token.
import { localeName } from "../ui/dates.ts";
import type { Account, Contact, Profile } from "../wrike/types.ts";
import { fullName } from "../wrike/types.ts";

/** Contact fields Wrike sends with the full model (shared/wrike-api.md §contacts) that only the profile reads. */
interface ContactDetails {
  title?: string;
  companyName?: string;
  phone?: string;
  location?: string;
}

export interface ProfileView {
  name: string;
  email: string;
  role: string;
  badges: string[];
  account: string;
  timezone: string;
  /** The locale by name in the user's language ("English (United States)"), never a raw code. */
  locale: string;
  avatarUrl: string | undefined;
  access: string;
  /** The data centre by name ("US (www.wrike.com)"); empty where the screen does not say (the embed). */
  dataCentre: string;
  /** Job title, company, phone and location, in that order, only those Wrike has. */
  details: { label: string; value: string }[];
}

const DETAILS: readonly { key: keyof ContactDetails; label: string }[] = [
  { key: "title", label: "Title" },
  { key: "companyName", label: "Company" },
  { key: "phone", label: "Phone" },
  { key: "location", label: "Location" },
];

export function profileView(
  me: Contact,
  account: Account | null,
  profile: Profile | null,
  ctx: {
    timeZone: string;
    locale: string;
    kind: "oauth" | "permanent" | null;
    canWrite: boolean;
    /** The data centre's name (datacentres.ts), or "" where it is not shown. */
    dataCentre: string;
  },
): ProfileView {
  const badges: string[] = [];
  if (profile?.owner) badges.push("Owner");
  if (profile?.admin) badges.push("Admin");
  if (profile?.external) badges.push("External");
  const access = ctx.kind === "permanent" ? "Permanent token" : ctx.canWrite ? "Read and write" : "Read only";
  const extra = me as Contact & ContactDetails;
  const details = DETAILS.flatMap(({ key, label }) => {
    const value = typeof extra[key] === "string" ? extra[key].trim() : "";
    return value ? [{ label, value }] : [];
  });
  return {
    name: fullName(me),
    email: profile?.email ?? me.primaryEmail ?? "",
    role: profile?.role ?? "User",
    badges,
    account: account?.name ?? "",
    // Wrike's own values, with what the app actually uses when the value was unusable.
    timezone:
      me.timezone && me.timezone === ctx.timeZone
        ? me.timezone
        : `${me.timezone ?? "not set"} (using ${ctx.timeZone})`,
    locale: localeName(me.locale ?? ctx.locale, ctx.locale),
    avatarUrl: me.avatarUrl,
    access,
    dataCentre: ctx.dataCentre,
    details,
  };
}
