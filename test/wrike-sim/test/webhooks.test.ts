// Webhooks over real HTTP, delivered to a receiver on loopback: registration (account, folder, space),
// the X-Hook-Secret handshake, signed deliveries in the live payload shape, event filters, scopes of
// folder/space webhooks, retries, suspension on failures and reactivation.
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Simulator } from "../index.ts";
import { api, errorOf, getJson, permanent, q, sleep, startSimulator } from "./helpers.ts";

interface Received {
  headers: IncomingMessage["headers"];
  body: string;
}

const SECRET = "s3cret-for-tests";
const hmac = (data: string): string => createHmac("sha256", SECRET).update(data).digest("hex");

let sim: Simulator;
let ada: string;
let receiver: Server;
let hookUrl: string;
let received: Received[] = [];
/** How the receiver answers: a status per request in turn (then 200), and whether it signs challenges. */
let replies: number[] = [];
let answerChallenge = true;

async function until(what: string, check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function send(method: string, path: string, form: Record<string, string> = {}): Promise<Response> {
  return api(sim.hosts.us, path, ada, {
    method,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
}

async function created(path: string, form: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await send("POST", path, form);
  if (res.status !== 200) throw new Error(`create answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { data: Record<string, unknown>[] }).data[0] ?? {};
}

async function taskId(title: string): Promise<string> {
  const [task] = (await getJson<{ id: string }>(sim.hosts.us, `/tasks${q({ title })}`, ada)).data;
  if (!task) throw new Error(`no task ${title}`);
  return task.id;
}

async function folderId(title: string): Promise<string> {
  const all = (await getJson<{ id: string; title: string }>(sim.hosts.us, "/folders", ada)).data;
  return all.find((f) => f.title === title)?.id ?? "";
}

const events = (): Record<string, unknown>[] =>
  received
    .filter((r) => !r.body.includes("WebHook secret verification"))
    .flatMap((r) => JSON.parse(r.body) as Record<string, unknown>[]);

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: req.headers, body });
      const status = replies.shift() ?? 200;
      const challenge = req.headers["x-hook-secret"];
      const headers: Record<string, string> = {};
      if (answerChallenge && typeof challenge === "string") headers["X-Hook-Secret"] = hmac(challenge);
      res.writeHead(status, headers).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/wrike`;
  sim = await startSimulator({ taskCount: 30 });
  ada = permanent(sim, "ada@acme.test", "Acme Robotics");
});
beforeEach(() => {
  sim.reset();
  received = [];
  replies = [];
  answerChallenge = true;
});
afterAll(async () => {
  await sim.close();
  await new Promise((resolve) => receiver.close(resolve));
});

describe("registration", () => {
  it("an account webhook without a secret: no handshake, unsigned deliveries in the live shape", async () => {
    const hook = await created("/webhooks", { hookUrl });
    expect(Object.keys(hook)).toEqual(["id", "accountId", "hookUrl", "status"]);
    expect(hook).toMatchObject({ accountId: "IEACW7SM", hookUrl, status: "Active" });
    expect(String(hook.id)).toMatch(/^IEACW7SMJA[A-Z2-7]{6}$/);
    expect(received).toEqual([]);
    const id = await taskId("Update calibration runbook");
    await send("PUT", `/tasks/${id}`, { title: "Update the calibration runbook" });
    await until("a delivery", () => received.length === 1);
    const [delivery] = received;
    expect(delivery?.headers["content-type"]).toBe("application/json");
    expect(delivery?.headers["x-hook-signature"]).toBeUndefined();
    expect(delivery?.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
    // A JSON array pretty-printed with two spaces, as in captured deliveries.
    expect(delivery?.body.startsWith('[\n  {\n    "oldValue": ')).toBe(true);
    const [event] = JSON.parse(delivery?.body ?? "[]") as Record<string, unknown>[];
    expect(Object.keys(event ?? {})).toEqual([
      "oldValue",
      "title",
      "taskId",
      "webhookId",
      "eventAuthorId",
      "eventType",
      "lastUpdatedDate",
    ]);
    expect(event).toMatchObject({
      oldValue: "Update calibration runbook",
      title: "Update the calibration runbook",
      taskId: id,
      webhookId: hook.id,
      eventAuthorId: "KUAJ5YQB",
      eventType: "TaskTitleChanged",
    });
  });

  it("with a secret: the handshake, then X-Hook-Signature = HMAC-SHA256(secret, raw body)", async () => {
    const hook = await created("/webhooks", { hookUrl, secret: SECRET, events: "[CommentAdded]" });
    expect(hook.events).toEqual(["CommentAdded"]);
    const [shake] = received;
    expect(shake?.body).toBe('{"requestType":"WebHook secret verification"}');
    expect(shake?.headers["x-hook-secret"]).toMatch(/^[A-Za-z0-9]{1,100}$/);
    const id = await taskId("Update calibration runbook");
    await send("PUT", `/tasks/${id}`, { title: "Not a comment" });
    await send("POST", `/tasks/${id}/comments`, { text: "<b>Ready</b> for review" });
    await until("the comment", () => received.length === 2);
    const delivery = received[1];
    expect(delivery?.headers["x-hook-signature"]).toBe(hmac(delivery?.body ?? ""));
    expect(delivery?.headers["x-hook-secret"]).toMatch(/^[A-Za-z0-9]+$/);
    const [event] = events();
    expect(Object.keys(event ?? {}).slice(0, 3)).toEqual(["commentId", "comment", "taskId"]);
    expect(event).toMatchObject({
      eventType: "CommentAdded",
      comment: { text: "Ready for review", html: "<b>Ready</b> for review" },
    });
  });

  it("a failed handshake fails the create; nothing is registered", async () => {
    answerChallenge = false;
    const error = await errorOf(await send("POST", "/webhooks", { hookUrl, secret: SECRET }));
    expect(error).toMatchObject({ status: 400, error: "invalid_parameter" });
    expect(error.errorDescription).toContain("secret verification");
    expect((await getJson(sim.hosts.us, "/webhooks", ada)).data).toEqual([]);
  });

  it("checks hookUrl and events; lists, reads and deletes", async () => {
    expect((await errorOf(await send("POST", "/webhooks", {}))).error).toBe("parameter_required");
    const bad: Record<string, string>[] = [
      { hookUrl: "https://example.com/hook" },
      { hookUrl: "ftp://127.0.0.1/x" },
      { hookUrl, events: "[TaskExploded]" },
      { hookUrl, events: "TaskCreated" },
      { hookUrl, events: "[]" },
    ];
    for (const form of bad) {
      expect((await errorOf(await send("POST", "/webhooks", form))).error, JSON.stringify(form)).toBe(
        "invalid_parameter",
      );
    }
    const a = await created("/webhooks", { hookUrl, events: '["TaskCreated","TaskDeleted"]' });
    expect(a.events).toEqual(["TaskCreated", "TaskDeleted"]);
    const list = (await getJson(sim.hosts.us, "/webhooks", ada)).data;
    expect(list.map((h) => h.id)).toEqual([a.id]);
    const grace = permanent(sim, "grace@acme.test");
    expect((await getJson(sim.hosts.us, "/webhooks", grace)).data).toEqual([]);
    expect(await (await send("DELETE", `/webhooks/${a.id}`)).json()).toEqual({ kind: "webhooks", data: [] });
    expect((await api(sim.hosts.us, `/webhooks/${a.id}`, ada)).status).toBe(404);
  });
});

describe("scopes of folder and space webhooks", () => {
  it("a folder webhook covers its own tasks, subfolders only with recursive; TaskDeleted only on account hooks", async () => {
    const firmware = await folderId("Firmware");
    const flat = await created(`/folders/${firmware}/webhooks`, {
      hookUrl,
      events: "[TaskTitleChanged,TaskDeleted]",
    });
    expect(Object.keys(flat)).toEqual([
      "id",
      "accountId",
      "folderId",
      "hookUrl",
      "events",
      "recursive",
      "status",
    ]);
    const deep = await created(`/folders/${firmware}/webhooks`, { hookUrl, recursive: "true" });
    const account = await created("/webhooks", { hookUrl, events: "[TaskDeleted]" });
    const direct = await taskId("Update calibration runbook"); // in Firmware
    const nested = await taskId("Review gripper firmware pull request"); // in Gripper Firmware 3.1, below it
    await send("PUT", `/tasks/${direct}`, { title: "Direct" });
    await send("PUT", `/tasks/${nested}`, { title: "Nested" });
    await send("DELETE", `/tasks/${nested}`);
    await until("four deliveries", () => received.length >= 4);
    await sleep(100);
    const got = events().map((e) => `${String(e.webhookId)}:${String(e.eventType)}:${String(e.taskId)}`);
    expect(got.sort()).toEqual(
      [
        `${flat.id}:TaskTitleChanged:${direct}`,
        `${deep.id}:TaskTitleChanged:${direct}`,
        `${deep.id}:TaskTitleChanged:${nested}`,
        `${account.id}:TaskDeleted:${nested}`,
      ].sort(),
    );
  });

  it("a space webhook covers everything below the space", async () => {
    const spaces = (await getJson<{ id: string; title: string }>(sim.hosts.us, "/spaces", ada)).data;
    const engineering = spaces.find((s) => s.title === "Engineering")?.id ?? "";
    const marketing = spaces.find((s) => s.title === "Marketing")?.id ?? "";
    const hook = await created(`/spaces/${engineering}/webhooks`, { hookUrl });
    expect(hook.spaceId).toBe(engineering);
    expect(
      (await errorOf(await send("POST", `/spaces/${marketing}/webhooks`, { hookUrl, recursive: "true" })))
        .error,
    ).toBe("invalid_request");
    await send("PUT", `/tasks/${await taskId("Review gripper firmware pull request")}`, {
      importance: "Low",
    });
    await send("PUT", `/tasks/${await taskId("Write the launch blog post")}`, { importance: "Low" }); // Marketing
    await until("one delivery", () => received.length === 1);
    await sleep(100);
    expect(events().map((e) => e.eventType)).toEqual(["TaskImportanceChanged"]);
  });
});

describe("delivery failures", () => {
  it("retries 5xx with the same Idempotency-Key, then delivers", async () => {
    await created("/webhooks", { hookUrl });
    replies = [500, 503];
    await send("PUT", `/tasks/${await taskId("Update calibration runbook")}`, { title: "Retry me" });
    await until("the third attempt", () => received.length === 3);
    // The hook has answered the third attempt; the simulator counts it once that answer is read.
    await until("the delivery to be counted", () => sim.stats().webhooks.delivered === 1);
    expect(new Set(received.map((r) => r.headers["idempotency-key"])).size).toBe(1);
    expect(sim.stats().webhooks).toMatchObject({ delivered: 1, failed: 2, suspended: 0 });
  });

  it("a 4xx suspends at once; events while suspended are dropped; status=Active resumes", async () => {
    const hook = await created("/webhooks", { hookUrl });
    const id = await taskId("Update calibration runbook");
    replies = [410];
    await send("PUT", `/tasks/${id}`, { title: "Gone" });
    await until("suspension", () => sim.stats().webhooks.suspended === 1);
    const [read] = (await getJson(sim.hosts.us, `/webhooks/${hook.id}`, ada)).data;
    expect(read?.status).toBe("Suspended");
    await send("PUT", `/tasks/${id}`, { title: "Dropped" });
    await sleep(200);
    expect(received.length).toBe(1);
    const resumed = await send("PUT", `/webhooks/${hook.id}`, { status: "Active" });
    expect(((await resumed.json()) as { data: { status: string }[] }).data[0]?.status).toBe("Active");
    await send("PUT", `/tasks/${id}`, { title: "Back" });
    await until("the next delivery", () => received.length === 2);
    expect(events().at(-1)).toMatchObject({ title: "Back" });
  });

  it("5xx on every attempt: three retries, then suspended", async () => {
    const hook = await created("/webhooks", { hookUrl });
    replies = [500, 500, 500, 500];
    await send("PUT", `/tasks/${await taskId("Update calibration runbook")}`, { title: "Never" });
    await until("suspension", () => sim.stats().webhooks.suspended === 1);
    expect(received.length).toBe(4);
    const [read] = (await getJson(sim.hosts.us, `/webhooks/${hook.id}`, ada)).data;
    expect(read?.status).toBe("Suspended");
  });
});

describe("event payloads", () => {
  it("TaskCreated, status and dates changes, TimelogChanged", async () => {
    await created("/webhooks", { hookUrl });
    const id = await taskId("Update calibration runbook");
    const firmware = await folderId("Firmware");
    const made = await send("POST", `/folders/${firmware}/tasks`, { title: "Fresh task" });
    const newId = ((await made.json()) as { data: { id: string }[] }).data[0]?.id;
    await send("PUT", `/tasks/${id}`, { status: "Completed", dates: '{"due":"2030-01-02"}' });
    await send("POST", `/tasks/${id}/timelogs`, { hours: "1.5", trackedDate: "2030-01-01", comment: "x" });
    await until("three deliveries", () => received.length === 3);
    const all = events();
    expect(all[0]).toMatchObject({ eventType: "TaskCreated", taskId: newId });
    const status = all.find((e) => e.eventType === "TaskStatusChanged");
    expect(status).toMatchObject({ status: "Completed", oldStatus: "Active" });
    expect(Object.keys(status ?? {}).slice(0, 4)).toEqual([
      "oldStatus",
      "status",
      "oldCustomStatusId",
      "customStatusId",
    ]);
    const dates = all.find((e) => e.eventType === "TaskDatesChanged");
    expect((dates?.dates as { dueDate?: string }).dueDate).toBe("2030-01-02T17:00:00");
    expect(all.at(-1)).toMatchObject({
      eventType: "TimelogChanged",
      type: "Added",
      hours: "1.5",
      taskId: id,
    });
  });
});
