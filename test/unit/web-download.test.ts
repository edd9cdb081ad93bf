// The app's Wrike client downloading an attachment from the simulator over loopback: the exact bytes in a
// Blob typed application/octet-stream (never the file's own type), progress up to the size, one renewal
// on 401, Wrike's error envelope as a typed error, and an abort that stops it.
import { afterAll, beforeAll, expect, it } from "vitest";
import { WrikeApi } from "../../web/wrike/api.ts";
import type { Credentials, TokenSource } from "../../web/wrike/api-options.ts";
import { AppError } from "../../web/wrike/errors.ts";
import { SEEDED_ATTACHMENTS, simControl, startSimulator, type Simulator } from "../wrike-sim/index.ts";

let sim: Simulator;
let token: string;

/** Stands in for the relay's proxy: /api/v4/<path> goes to http://<X-Wrike-Host>/api/v4/<path>. */
const viaProxy: typeof fetch = async (input, init) =>
  fetch(`http://${new Headers(init?.headers).get("X-Wrike-Host")}${String(input)}`, init);

function tokens(first: Credentials, renewed?: Credentials): TokenSource & { lost: AppError[] } {
  let creds = first;
  const lost: AppError[] = [];
  return {
    lost,
    current: async () => creds,
    renew: async () => {
      if (!renewed) throw new AppError("unauthorized", "no renewal");
      creds = renewed;
      return renewed;
    },
    invalid: (e) => void lost.push(e),
  };
}

const client = (t: TokenSource) =>
  new WrikeApi({ tokens: t, fetch: viaProxy, online: () => true, maxRetries: 0 });
const big = SEEDED_ATTACHMENTS.find((a) => a.name === "field-test-readings.csv")!;
const svg = SEEDED_ATTACHMENTS.find((a) => a.host === "us" && a.kind === "svg")!;
const bytesOf = async (id: string) =>
  new Uint8Array(
    await (
      await fetch(`http://${sim.hosts.us}/api/v4/attachments/${id}/download`, {
        headers: { Authorization: `bearer ${token}` },
      })
    ).arrayBuffer(),
  );

beforeAll(async () => {
  sim = await startSimulator({ rateLimitPerMinute: 100_000 });
  const ada = sim.users.find((u) => u.email === "ada@acme.test")!;
  token = ada.accounts.find((a) => a.host === "us")!.permanentToken;
});
afterAll(async () => {
  await sim.close();
});

it("downloads the exact bytes with progress up to the size, typed octet-stream", async () => {
  const expected = await bytesOf(big.id);
  expect(expected.byteLength).toBeGreaterThan(1_000_000);
  const seen: [number, number | undefined][] = [];
  const blob = await client(tokens({ token, host: sim.hosts.us })).download(
    `attachments/${big.id}/download`,
    {
      size: expected.byteLength,
      onProgress: (loaded, total) => seen.push([loaded, total]),
    },
  );
  expect(blob.type).toBe("application/octet-stream");
  // Buffer.equals: toEqual walks 1.5 MB element by element.
  expect(Buffer.from(await blob.arrayBuffer()).equals(Buffer.from(expected))).toBe(true);
  expect(seen[0]).toEqual([0, expected.byteLength]);
  expect(seen.at(-1)).toEqual([expected.byteLength, expected.byteLength]);
  expect(seen.length).toBeGreaterThan(2);
  for (let i = 1; i < seen.length; i++) expect(seen[i]![0]).toBeGreaterThanOrEqual(seen[i - 1]![0]);
});

it("keeps a hostile SVG an octet-stream Blob even when Wrike names its own type", async () => {
  await simControl(sim.loginOrigin).config({ attachmentDownload: "typed-no-disposition" });
  try {
    const blob = await client(tokens({ token, host: sim.hosts.us })).download(
      `attachments/${svg.id}/download`,
    );
    expect(blob.type).toBe("application/octet-stream");
    expect(new TextDecoder().decode(await blob.arrayBuffer())).toContain("<svg");
  } finally {
    await simControl(sim.loginOrigin).config({ attachmentDownload: "octet-stream" });
  }
});

it("renews a refused token once, then downloads", async () => {
  const t = tokens({ token: "expired-token", host: sim.hosts.us }, { token, host: sim.hosts.us });
  const blob = await client(t).download(`attachments/${svg.id}/download`);
  expect(blob.size).toBe((await bytesOf(svg.id)).byteLength);
  expect(t.lost).toEqual([]);
});

it("turns Wrike's error envelope into a typed error", async () => {
  const api = client(tokens({ token, host: sim.hosts.us }));
  const missing = await api.download("attachments/IEACW7SMIYZZZZZZ/download").catch((e: unknown) => e);
  expect(missing).toBeInstanceOf(AppError);
  expect((missing as AppError).code).toBe("not_found");
  const t = tokens({ token: "bad", host: sim.hosts.us });
  const refused = await client(t)
    .download(`attachments/${svg.id}/download`)
    .catch((e: unknown) => e);
  expect((refused as AppError).code).toBe("unauthorized");
  expect(t.lost).toHaveLength(1);
});

it("stops when aborted", async () => {
  const abort = new AbortController();
  const api = client(tokens({ token, host: sim.hosts.us }));
  const result = api
    .download(`attachments/${big.id}/download`, {
      signal: abort.signal,
      onProgress: (n) => n > 0 && abort.abort(),
    })
    .catch((e: unknown) => e);
  const e = await result;
  expect(e).not.toBeInstanceOf(Blob);
  expect((e as Error).name).toBe("AbortError");
});
