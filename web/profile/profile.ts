// What the profile screen shows, derived from contacts?me=true, the account and the token.
import type { Account, Contact, Profile } from "../lib/wrike.ts";
import { fullName } from "../lib/wrike.ts";

export interface ProfileView {
  name: string;
  email: string;
  role: string;
  badges: string[];
  account: string;
  timezone: string;
  locale: string;
  avatarUrl: string | undefined;
  access: string;
}

export function profileView(
  me: Contact,
  account: Account | null,
  profile: Profile | null,
  ctx: {
    timeZone: string;
    locale: string;
    kind: "oauth" | "permanent" | null;
    canWrite: boolean;
    host: string;
  },
): ProfileView {
  const badges: string[] = [];
  if (profile?.owner) badges.push("Owner");
  if (profile?.admin) badges.push("Admin");
  if (profile?.external) badges.push("External");
  const access =
    ctx.kind === "permanent"
      ? `Permanent token (${ctx.host})`
      : `${ctx.canWrite ? "Read and write" : "Read only"} (${ctx.host})`;
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
    locale: me.locale ?? ctx.locale,
    avatarUrl: me.avatarUrl,
    access,
  };
}
