// The data centres for the permanent-token sign-in: exactly the hosts this relay allows (GET /auth/hosts), labelled.
import type { HostsResponse } from "../../worker/shared/contract.ts";
import { AppError, errorFromNetwork, errorFromResponse } from "../wrike/errors.ts";

export interface DataCentre {
  host: string;
  label: string;
}

/** Wrike's own data centres (shared/wrike-api.md §2), for their names in the list. */
export const DATA_CENTRES: readonly DataCentre[] = [
  { host: "www.wrike.com", label: "US (www.wrike.com)" },
  { host: "app-us2.wrike.com", label: "US 2 (app-us2.wrike.com)" },
  { host: "app-eu.wrike.com", label: "EU (app-eu.wrike.com)" },
];

/**
 * A host as the relay lists it (or as typed): trimmed, lower-case, no scheme or path. Returns null for
 * anything that is not a plain host[:port].
 */
export function normaliseHost(input: string): string | null {
  const s = input
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/\/.*$/, "");
  return /^[a-z0-9.-]+(:\d{1,5})?$/.test(s) && !s.startsWith(".") ? s : null;
}

const isLoopback = (host: string): boolean => /^(127\.\d+\.\d+\.\d+|localhost)(:\d+)?$/.test(host);

/**
 * The list in the relay's order (its default first): Wrike's names for its data centres, "Simulator n"
 * for the loopback hosts of the local demo and tests, the bare host for anything else.
 */
export function labelHosts(hosts: readonly string[]): DataCentre[] {
  let simulator = 0;
  return hosts.map((host) => {
    const known = DATA_CENTRES.find((dc) => dc.host === host);
    if (known) return known;
    if (isLoopback(host)) return { host, label: `Simulator ${++simulator} (${host})` };
    return { host, label: host };
  });
}

/** Asks the relay which data-centre hosts it proxies to. Throws an AppError when it cannot say. */
export async function fetchDataCentres(fetchImpl: typeof fetch = fetch): Promise<DataCentre[]> {
  let res: Response;
  try {
    res = await fetchImpl("/auth/hosts", { headers: { Accept: "application/json" }, cache: "no-store" });
  } catch (cause) {
    throw errorFromNetwork(cause, typeof navigator === "undefined" || navigator.onLine !== false);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw errorFromResponse(res.status, body, res.headers.get("Retry-After"));
  const listed = (body as Partial<HostsResponse> | null)?.hosts;
  // Kept only as listed: the relay matches X-Wrike-Host byte for byte, so a host that would need
  // normalising is not one it allows.
  const hosts = Array.isArray(listed)
    ? listed.filter((h): h is string => typeof h === "string" && normaliseHost(h) === h)
    : [];
  if (hosts.length === 0) throw new AppError("unknown", "The relay named no data centre.");
  return labelHosts([...new Set(hosts)]);
}
