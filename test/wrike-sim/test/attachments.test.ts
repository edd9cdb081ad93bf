// Attachments: task lists and by-id reads in the live key order, downloads with their headers (and the
// header modes), hostile seeded files, task hasAttachments/attachmentCount, the account-wide window,
// withUrls, DELETE's empty data, and the API's usual auth, host, scope and error rules.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ACME_ID, NORD_ID, SEEDED_ATTACHMENTS, type SeededAttachment, type Simulator } from "../index.ts";
import { api, errorOf, getJson, permanent, q, signIn, startSimulator } from "./helpers.ts";

interface AttachmentJson {
  id: string;
  authorId: string;
  name: string;
  createdDate: string;
  version: number;
  type: string;
  contentType: string;
  size: number;
  taskId: string;
  originVersionId: string;
  width?: number;
  height?: number;
  url?: string;
}

let sim: Simulator;
let ada: string;
let adaEu: string;

beforeAll(async () => {
  sim = await startSimulator();
  ada = permanent(sim, "ada@acme.test", "Acme Robotics");
  adaEu = permanent(sim, "ada@acme.test", "Nordlicht Studio");
});
afterEach(() => {
  sim.reset();
});
afterAll(async () => {
  await sim.close();
});

const seeded = (account: string, kind: SeededAttachment["kind"], hostile?: boolean): SeededAttachment => {
  const found = SEEDED_ATTACHMENTS.find(
    (a) => a.accountId === account && a.kind === kind && (hostile === undefined || a.hostile === hostile),
  );
  if (!found) throw new Error(`no seeded ${kind} in ${account}`);
  return found;
};
const png = () => seeded(ACME_ID, "png");
const svg = () => seeded(ACME_ID, "svg");
const html = () => seeded(ACME_ID, "html");
const oddName = () => SEEDED_ATTACHMENTS.find((a) => a.name.includes('"')) as SeededAttachment;
const umlaut = () => SEEDED_ATTACHMENTS.find((a) => a.name.startsWith("Bäckerei")) as SeededAttachment;

const listOf = async (taskId: string, token = ada, host = sim.hosts.us) =>
  (await getJson<AttachmentJson>(host, `/tasks/${taskId}/attachments`, token)).data;

async function download(path: string, token: string | null = ada, host = sim.hosts.us) {
  const res = await api(host, path, token);
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The filename* of a Content-Disposition header, decoded. */
const exactName = (header: string | null): string | undefined => {
  const m = /filename\*=UTF-8''([^;\s]+)/.exec(header ?? "");
  return m?.[1] === undefined ? undefined : decodeURIComponent(m[1]);
};

describe("seeded files", () => {
  it("puts a PNG, a PDF, text and hostile SVG and HTML files on Ada's tasks in both accounts", () => {
    for (const account of [ACME_ID, NORD_ID]) {
      const kinds = SEEDED_ATTACHMENTS.filter((a) => a.accountId === account).map((a) => a.kind);
      expect(kinds).toEqual(expect.arrayContaining(["png", "text", "svg", "html"]));
      expect(
        SEEDED_ATTACHMENTS.filter((a) => a.accountId === account && a.hostile).map((a) => a.kind),
      ).toEqual(["svg", "html"]);
    }
    expect(seeded(ACME_ID, "pdf").name).toMatch(/\.pdf$/);
    expect(new Set(SEEDED_ATTACHMENTS.map((a) => a.id)).size).toBe(SEEDED_ATTACHMENTS.length);
  });

  it("lists the fixed files of a task in Wrike's live key order", async () => {
    const list = await listOf(png().taskId);
    const fixed = SEEDED_ATTACHMENTS.filter((a) => a.taskId === png().taskId);
    expect(list.map((a) => a.id)).toEqual(fixed.map((a) => a.id));
    const image = list.find((a) => a.id === png().id) as AttachmentJson;
    expect(Object.keys(image)).toEqual([
      "id",
      "authorId",
      "name",
      "createdDate",
      "version",
      "type",
      "contentType",
      "size",
      "taskId",
      "originVersionId",
      "width",
      "height",
    ]);
    expect(image).toMatchObject({
      name: "drift-graph.png",
      version: 1,
      type: "Wrike",
      contentType: "image/png",
      taskId: png().taskId,
      originVersionId: png().id,
    });
    expect(image.createdDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const text = list.find((a) => a.contentType === "text/plain") as AttachmentJson;
    expect("width" in text).toBe(false);
  });

  it("serves bytes that are what they claim: a PNG, a PDF, and the declared size", async () => {
    const image = await download(`/attachments/${png().id}/download`);
    expect(image.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const [model] = (await getJson<AttachmentJson>(sim.hosts.us, `/attachments/${png().id}`, ada)).data;
    expect(image.bytes.length).toBe(model?.size);
    expect(image.bytes.readUInt32BE(16)).toBe(model?.width);
    expect(image.bytes.readUInt32BE(20)).toBe(model?.height);
    const pdf = await download(`/attachments/${seeded(ACME_ID, "pdf").id}/download`);
    const text = pdf.bytes.toString("latin1");
    expect(text.startsWith("%PDF-1.4")).toBe(true);
    const xref = Number(/startxref\n(\d+)/.exec(text)?.[1]);
    expect(text.slice(xref, xref + 4)).toBe("xref");
  });

  it("has hostile SVG and HTML files whose scripts would mark window.__xss", async () => {
    const image = (await download(`/attachments/${svg().id}/download`)).bytes.toString("utf8");
    expect(image).toMatch(/<svg[^>]* onload="window\.__xss=/);
    expect(image).toContain("<script");
    const page = (await download(`/attachments/${html().id}/download`)).bytes.toString("utf8");
    expect(page).toMatch(/<script>window\.__xss=/);
    const eu = seeded(NORD_ID, "svg", true);
    expect(eu.host).toBe("eu");
    const euFile = await download(`/attachments/${eu.id}/download`, adaEu, sim.hosts.eu);
    expect(euFile.res.status).toBe(200);
    expect(euFile.bytes.toString("utf8")).toContain("<script");
  });

  it("keeps the fixed ids in a small world, without the tasks it lacks", async () => {
    const small = await startSimulator({ taskCount: 12 });
    try {
      const token = permanent(small, "ada@acme.test", "Acme Robotics");
      const ids = (await getJson<AttachmentJson>(small.hosts.us, `/tasks/${svg().taskId}/attachments`, token))
        .data;
      expect(ids.map((a) => a.id)).toContain(svg().id);
      const eu = await api(
        small.hosts.eu,
        `/attachments/${seeded(NORD_ID, "png").id}`,
        permanent(small, "linus@nordlicht.test"),
      );
      expect((await errorOf(eu)).error).toBe("resource_not_found");
    } finally {
      await small.close();
    }
  });
});

describe("task fields", () => {
  it("hasAttachments and attachmentCount agree with the attachment lists, in the live order", async () => {
    const tasks = (
      await getJson<Record<string, unknown>>(
        sim.hosts.us,
        `/tasks${q({ fields: ["attachmentCount", "hasAttachments"] })}`,
        ada,
      )
    ).data;
    const withFiles = tasks.filter((t) => t.hasAttachments === true);
    expect(withFiles.length).toBeGreaterThan(3);
    expect(withFiles.length).toBeLessThan(tasks.length);
    for (const task of tasks.slice(0, 60).concat(withFiles)) {
      const keys = Object.keys(task);
      expect(keys[keys.indexOf("hasAttachments") + 1]).toBe("attachmentCount");
      const list = await listOf(String(task.id));
      expect(task.attachmentCount).toBe(list.length);
      expect(task.hasAttachments).toBe(list.length > 0);
    }
  });

  it("GET /tasks/{id} has hasAttachments by default and attachmentCount only when asked", async () => {
    const [plain] = (await getJson(sim.hosts.us, `/tasks/${svg().taskId}`, ada)).data;
    expect(plain?.hasAttachments).toBe(true);
    expect(plain && "attachmentCount" in plain).toBe(false);
    const [asked] = (
      await getJson(sim.hosts.us, `/tasks/${svg().taskId}${q({ fields: ["attachmentCount"] })}`, ada)
    ).data;
    expect(asked?.attachmentCount).toBe(SEEDED_ATTACHMENTS.filter((a) => a.taskId === svg().taskId).length);
  });
});

describe("GET /attachments/{ids}", () => {
  it("returns a comma list in the order asked", async () => {
    const ids = [html().id, png().id];
    const body = await getJson<AttachmentJson>(sim.hosts.us, `/attachments/${ids.join(",")}`, ada);
    expect(body.kind).toBe("attachments");
    expect(body.data.map((a) => a.id)).toEqual(ids);
  });

  it("answers unknown ids, other accounts' ids and malformed lists with Wrike's errors", async () => {
    expect(await errorOf(await api(sim.hosts.us, "/attachments/IEACW7SMIYZZZZZZ", ada))).toMatchObject({
      status: 404,
      error: "resource_not_found",
    });
    const other = seeded(NORD_ID, "png").id;
    expect((await errorOf(await api(sim.hosts.us, `/attachments/${png().id},${other}`, ada))).status).toBe(
      404,
    );
    expect((await errorOf(await api(sim.hosts.us, `/attachments/${png().id},,x`, ada))).error).toBe(
      "invalid_parameter",
    );
    expect((await errorOf(await api(sim.hosts.us, `/attachments/${png().id}?color=red`, ada))).error).toBe(
      "invalid_request",
    );
  });
});

describe("download", () => {
  it("sends application/octet-stream with Content-Disposition: attachment and the file's name", async () => {
    const { res, bytes } = await download(`/attachments/${svg().id}/download`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="acme-logo.svg"; filename*=UTF-8''acme-logo.svg`,
    );
    expect(Number(res.headers.get("content-length"))).toBe(bytes.length);
  });

  it("/download/{name} names the file after the path, as Wrike's docs describe", async () => {
    const { res, bytes } = await download(`/attachments/${svg().id}/download/logo%20copy.svg`);
    expect(exactName(res.headers.get("content-disposition"))).toBe("logo copy.svg");
    expect(bytes.toString("utf8")).toContain("<svg");
  });

  it("quotes hostile and non-ASCII names so they cannot rename the download", async () => {
    const odd = (await download(`/attachments/${oddName().id}/download`)).res.headers.get(
      "content-disposition",
    );
    const quoted = /^attachment; filename="([^"]*)"; filename\*=/.exec(odd ?? "");
    expect(quoted?.[1]).toBe("notes _final_; filename=evil.html.txt");
    expect(exactName(odd)).toBe(oddName().name);
    const euHeader = (
      await download(`/attachments/${umlaut().id}/download`, adaEu, sim.hosts.eu)
    ).res.headers.get("content-disposition");
    expect(euHeader).toContain(`filename="B_ckerei _bersicht.txt"`);
    expect(exactName(euHeader)).toBe("Bäckerei Übersicht.txt");
  });

  it("accepts the token as an access_token parameter, as the rest of the API does", async () => {
    const res = await api(sim.hosts.us, `/attachments/${html().id}/download?access_token=${ada}`, null);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<script>");
  });

  it("can send the file's own type, with or without Content-Disposition (switch)", async () => {
    sim.configure({ attachmentDownload: "typed" });
    let res = (await download(`/attachments/${svg().id}/download`)).res;
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; /);
    const control = await fetch(`${sim.loginOrigin}/__sim/config`, {
      method: "POST",
      body: JSON.stringify({ attachmentDownload: "typed-no-disposition" }),
    });
    expect(control.status).toBe(200);
    res = (await download(`/attachments/${html().id}/download`)).res;
    expect(res.headers.get("content-type")).toBe("text/html");
    expect(res.headers.get("content-disposition")).toBeNull();
    const bad = await fetch(`${sim.loginOrigin}/__sim/config`, {
      method: "POST",
      body: JSON.stringify({ attachmentDownload: "inline" }),
    });
    expect(bad.status).toBe(400);
    sim.reset();
    res = (await download(`/attachments/${html().id}/download`)).res;
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
  });

  it("answers errors as JSON envelopes, not bytes", async () => {
    const missing = await api(sim.hosts.us, "/attachments/IEACW7SMIYZZZZZZ/download", ada);
    expect(missing.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await errorOf(missing)).toMatchObject({ status: 404, error: "resource_not_found" });
    const post = await api(sim.hosts.us, `/attachments/${png().id}/download`, ada, { method: "POST" });
    expect(await errorOf(post)).toMatchObject({ status: 400, error: "invalid_request" });
    const extra = await api(sim.hosts.us, `/attachments/${png().id}/download?inline=true`, ada);
    expect((await errorOf(extra)).error).toBe("invalid_request");
  });
});

describe("auth, host and scope", () => {
  const UNKNOWN = {
    status: 401,
    error: "not_authorized",
    errorDescription: "Access token is unknown or invalid",
  };

  it("refuses a missing token and the other data centre's host with Wrike's 401", async () => {
    for (const path of [`/attachments/${png().id}/download`, `/tasks/${png().taskId}/attachments`]) {
      expect(await errorOf(await api(sim.hosts.us, path, null))).toEqual(UNKNOWN);
      expect(await errorOf(await api(sim.hosts.eu, path, ada))).toEqual(UNKNOWN);
    }
  });

  it("an attachment of another account is not found, even with its own task id", async () => {
    const eu = seeded(NORD_ID, "html", true);
    expect((await errorOf(await api(sim.hosts.us, `/attachments/${eu.id}/download`, ada))).status).toBe(404);
    expect((await errorOf(await api(sim.hosts.us, `/tasks/${eu.taskId}/attachments`, ada))).error).toBe(
      "resource_not_found",
    );
  });

  it("reads need a workspace scope; DELETE needs a write scope", async () => {
    const workflowsOnly = (await signIn(sim, { params: { scope: "amReadOnlyWorkflow" } })).access_token;
    expect(
      await errorOf(await api(sim.hosts.us, `/attachments/${png().id}/download`, workflowsOnly)),
    ).toMatchObject({
      status: 403,
      error: "not_allowed",
    });
    const readOnly = (await signIn(sim, { email: "ada@acme.test", params: { scope: "wsReadOnly" } }))
      .access_token;
    expect((await api(sim.hosts.us, `/attachments/${png().id}/download`, readOnly)).status).toBe(200);
    const del = await api(sim.hosts.us, `/attachments/${png().id}`, readOnly, { method: "DELETE" });
    expect(await errorOf(del)).toMatchObject({ status: 403, error: "not_allowed" });
  });
});

describe("DELETE /attachments/{id}", () => {
  it("answers with an empty data array, and the file is gone everywhere", async () => {
    const target = png();
    const before = await listOf(target.taskId);
    const res = await api(sim.hosts.us, `/attachments/${target.id}`, ada, { method: "DELETE" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ kind: "attachments", data: [] });
    expect((await errorOf(await api(sim.hosts.us, `/attachments/${target.id}`, ada))).error).toBe(
      "resource_not_found",
    );
    expect((await api(sim.hosts.us, `/attachments/${target.id}/download`, ada)).status).toBe(404);
    expect((await listOf(target.taskId)).map((a) => a.id)).toEqual(
      before.filter((a) => a.id !== target.id).map((a) => a.id),
    );
    const [task] = (
      await getJson(sim.hosts.us, `/tasks/${target.taskId}${q({ fields: ["attachmentCount"] })}`, ada)
    ).data;
    expect(task?.attachmentCount).toBe(before.length - 1);
    const again = await api(sim.hosts.us, `/attachments/${target.id}`, ada, { method: "DELETE" });
    expect((await errorOf(again)).status).toBe(404);
  });
});

describe("account-wide list and URLs", () => {
  it("GET /attachments needs a createdDate range under 31 days", async () => {
    expect((await errorOf(await api(sim.hosts.us, "/attachments", ada))).error).toBe("parameter_required");
    const now = Date.now();
    const day = (offset: number) => new Date(now + offset * 86_400_000).toISOString().slice(0, 10);
    const wide = q({ createdDate: { start: day(-40), end: day(0) } });
    expect((await errorOf(await api(sim.hosts.us, `/attachments${wide}`, ada))).error).toBe(
      "invalid_parameter",
    );
    const openEnded = q({ createdDate: { start: day(-10) } });
    expect((await errorOf(await api(sim.hosts.us, `/attachments${openEnded}`, ada))).error).toBe(
      "invalid_parameter",
    );
    const start = `${day(-30)}T00:00:00Z`;
    const window = q({ createdDate: { start, end: `${day(0)}T23:59:59Z` } });
    const list = (await getJson<AttachmentJson>(sim.hosts.us, `/attachments${window}`, ada)).data;
    expect(list.length).toBeGreaterThan(0);
    for (const a of list) expect(a.createdDate >= start).toBe(true);
    const tasks = new Set(list.map((a) => a.taskId));
    for (const id of tasks) expect(id.startsWith(ACME_ID)).toBe(true);
  });

  it("withUrls adds a bearer-less URL that serves the file; /attachments/{id}/url too", async () => {
    const [first] = (
      await getJson<AttachmentJson>(sim.hosts.us, `/attachments/${svg().id}${q({ versions: true })}`, ada)
    ).data;
    expect(first && "url" in first).toBe(false);
    const list = (
      await getJson<AttachmentJson>(
        sim.hosts.us,
        `/tasks/${svg().taskId}/attachments${q({ withUrls: true })}`,
        ada,
      )
    ).data;
    const url = list.find((a) => a.id === svg().id)?.url ?? "";
    const file = await fetch(url);
    expect(file.status).toBe(200);
    expect(await file.text()).toContain("<svg");
    expect((await fetch(url.replace(/sim-files\/[^/]+/, "sim-files/nope"))).status).toBe(404);
    const single = await getJson<{ url: string }>(sim.hosts.us, `/attachments/${png().id}/url`, ada);
    expect((await fetch(single.data[0]?.url ?? "")).status).toBe(200);
  });
});
