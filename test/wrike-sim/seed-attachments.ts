// Seeded attachments: fixed files on three of Ada's fixed tasks (a PNG, a PDF, text, and hostile SVG and
// HTML files in both accounts), and generated files on the generated tasks the seed picked. Ids are fixed,
// so tests can name them through SEEDED_ATTACHMENTS.
import { utcStamp } from "./dates.ts";
import { hostileHtml, hostileSvg, pdfFile, pngFile, textFile } from "./files.ts";
import { entityId } from "./ids.ts";
import { createRng } from "./prng.ts";
import { ACME_ID, ADA_ID, GRACE_ID, LINUS_ID, MARGARET_ID, NORD_ID } from "./seed-ids.ts";
import type { Attachment, HostKey, World } from "./types.ts";

export type SeededKind = "png" | "pdf" | "text" | "svg" | "html";

/** A fixed seeded attachment, as tests see it. `hostile`: the file runs script if a browser renders it. */
export interface SeededAttachment {
  id: string;
  accountId: string;
  /** The data centre that serves it (Acme: us, Nordlicht: eu). */
  host: HostKey;
  taskId: string;
  taskTitle: string;
  name: string;
  contentType: string;
  kind: SeededKind;
  hostile: boolean;
}

interface FixedSpec {
  account: string;
  /** Index of the fixed task in seed.ts's SCENARIOS (its task id is entityId(account, "KQ", index)). */
  task: number;
  taskTitle: string;
  name: string;
  contentType: string;
  kind: SeededKind;
  author: string;
  hoursAfterTask: number;
  body: () => { body: Buffer; width?: number; height?: number };
}

const DRIFT = "Fix torque sensor drift on arm v2";
const HOSTILE_TASK = `Check <img src=x onerror=alert(1)> & "quotes" in titles`;
const MOOD = "Approve the brand refresh mood board";

const png = (width: number, height: number, colors: [string, string]) => () => ({
  body: pngFile(width, height, colors),
  width,
  height,
});

const FIXED: FixedSpec[] = [
  {
    account: ACME_ID,
    task: 0,
    taskTitle: DRIFT,
    name: "drift-graph.png",
    contentType: "image/png",
    kind: "png",
    author: GRACE_ID,
    hoursAfterTask: 3,
    body: png(64, 40, ["#4f46e5", "#e0e7ff"]),
  },
  {
    account: ACME_ID,
    task: 0,
    taskTitle: DRIFT,
    name: "torque-sensor-datasheet.pdf",
    contentType: "application/pdf",
    kind: "pdf",
    author: ADA_ID,
    hoursAfterTask: 5,
    body: () => ({
      body: pdfFile("TS-40 torque sensor datasheet", [
        "Range: 0 to 40 Nm",
        "Drift: under 0.05 Nm per hour at 25 C",
        "Interface: CAN 2.0B, 1 Mbit/s",
      ]),
    }),
  },
  {
    account: ACME_ID,
    task: 0,
    taskTitle: DRIFT,
    name: "drift-log.txt",
    contentType: "text/plain",
    kind: "text",
    author: GRACE_ID,
    hoursAfterTask: 7,
    body: () => ({
      body: textFile([
        "hour,torque_nm",
        "0,0.00",
        "10,0.31",
        "20,0.64",
        "40,1.22",
        "Drift is about 0.3 Nm per hour. <script>alert('not html, just text')</script>",
      ]),
    }),
  },
  {
    account: ACME_ID,
    task: 10,
    taskTitle: HOSTILE_TASK,
    name: "acme-logo.svg",
    contentType: "image/svg+xml",
    kind: "svg",
    author: MARGARET_ID,
    hoursAfterTask: 2,
    body: () => ({ body: hostileSvg("Acme Robotics", "attachment-svg"), width: 160, height: 48 }),
  },
  {
    account: ACME_ID,
    task: 10,
    taskTitle: HOSTILE_TASK,
    name: "invoice-2291.html",
    contentType: "text/html",
    kind: "html",
    author: MARGARET_ID,
    hoursAfterTask: 4,
    body: () => ({ body: hostileHtml("Invoice 2291", "attachment-html") }),
  },
  {
    // A name that breaks a naively quoted Content-Disposition header.
    account: ACME_ID,
    task: 10,
    taskTitle: HOSTILE_TASK,
    name: 'notes "final"; filename=evil.html.txt',
    contentType: "text/plain",
    kind: "text",
    author: MARGARET_ID,
    hoursAfterTask: 6,
    body: () => ({ body: textFile(["The name of this file tries to rename the download."]) }),
  },
  {
    account: NORD_ID,
    task: 18,
    taskTitle: MOOD,
    name: "mood-board.png",
    contentType: "image/png",
    kind: "png",
    author: LINUS_ID,
    hoursAfterTask: 1,
    body: png(48, 48, ["#be123c", "#fde68a"]),
  },
  {
    account: NORD_ID,
    task: 18,
    taskTitle: MOOD,
    name: "Bäckerei Übersicht.txt",
    contentType: "text/plain",
    kind: "text",
    author: LINUS_ID,
    hoursAfterTask: 2,
    body: () => ({ body: textFile(["Brötchen, Brezeln, Franzbrötchen: Farben und Schriften."]) }),
  },
  {
    account: NORD_ID,
    task: 18,
    taskTitle: MOOD,
    name: "brand-mark.svg",
    contentType: "image/svg+xml",
    kind: "svg",
    author: LINUS_ID,
    hoursAfterTask: 3,
    body: () => ({ body: hostileSvg("Nordlicht", "attachment-svg-eu"), width: 160, height: 48 }),
  },
  {
    account: NORD_ID,
    task: 18,
    taskTitle: MOOD,
    name: "client-brief.html",
    contentType: "text/html",
    kind: "html",
    author: LINUS_ID,
    hoursAfterTask: 4,
    body: () => ({ body: hostileHtml("Client brief", "attachment-html-eu") }),
  },
  {
    // Big enough (about 1.5 MB) that a download shows its progress. Appended, so earlier ids stay put.
    account: ACME_ID,
    task: 6,
    taskTitle: "Plan vision system field test",
    name: "field-test-readings.csv",
    contentType: "text/csv",
    kind: "text",
    author: GRACE_ID,
    hoursAfterTask: 8,
    body: () => ({ body: readings(70_000) }),
  },
];

/** A deterministic CSV of `rows` lidar readings. */
function readings(rows: number): Buffer {
  const lines = ["sample,range_m,intensity,ok"];
  for (let i = 0; i < rows; i++)
    lines.push(`${i},${(1 + ((i * 37) % 4000) / 100).toFixed(2)},${(i * 13) % 256},true`);
  return textFile(lines);
}

const HOSTS: Record<string, HostKey> = { [ACME_ID]: "us", [NORD_ID]: "eu" };

/** The fixed attachments (present when the world has at least 19 tasks; the default has 300). */
export const SEEDED_ATTACHMENTS: readonly SeededAttachment[] = FIXED.map((spec, n) => ({
  id: entityId(spec.account, "IY", n),
  accountId: spec.account,
  host: HOSTS[spec.account] ?? "us",
  taskId: entityId(spec.account, "KQ", spec.task),
  taskTitle: spec.taskTitle,
  name: spec.name,
  contentType: spec.contentType,
  kind: spec.kind,
  hostile: spec.kind === "svg" || spec.kind === "html",
}));

type Generated = { ext: string; contentType: string; make: (title: string, i: number) => Attachment["body"] };

/** Generated images are one of two, made once (10,000-task worlds seed quickly). */
const GENERATED_PNGS = [pngFile(32, 24, ["#0f766e", "#ccfbf1"]), pngFile(32, 24, ["#0f766e", "#fef3c7"])];

const GENERATED: Generated[] = [
  { ext: "txt", contentType: "text/plain", make: (title) => textFile([`Notes for: ${title}`]) },
  { ext: "png", contentType: "image/png", make: (_t, i) => GENERATED_PNGS[i % 2] ?? Buffer.alloc(0) },
  {
    ext: "pdf",
    contentType: "application/pdf",
    make: (title) => pdfFile(title, ["Generated by the Wrike simulator."]),
  },
  {
    ext: "csv",
    contentType: "text/csv",
    make: (title) => textFile(["item,value", `"${title.replaceAll('"', '""')}",1`]),
  },
];
const GENERATED_NAMES = ["notes", "photo", "spec", "measurements", "draft", "export"];

function stampAfter(created: string, hours: number, now: number): string {
  return utcStamp(Math.min(Date.parse(created) + hours * 3_600_000, now));
}

/** Adds the fixed files (ids IY 0..n-1), then `counts[taskId]` generated files per generated task. */
export function seedAttachments(world: World, counts: Map<string, number>, now: number): void {
  const add = (attachment: Attachment): void => {
    world.attachments.set(attachment.id, attachment);
  };
  FIXED.forEach((spec, n) => {
    const seeded = SEEDED_ATTACHMENTS[n];
    const task = seeded ? world.tasks.get(seeded.taskId) : undefined;
    if (!seeded || !task) return; // a small world without this fixed task
    if (task.title !== spec.taskTitle) throw new Error(`seed: task ${spec.task} is not "${spec.taskTitle}"`);
    const file = spec.body();
    const attachment: Attachment = {
      id: seeded.id,
      accountId: spec.account,
      taskId: task.id,
      authorId: spec.author,
      name: spec.name,
      createdDate: stampAfter(task.createdDate, spec.hoursAfterTask, now),
      contentType: spec.contentType,
      body: file.body,
    };
    if (file.width !== undefined) attachment.width = file.width;
    if (file.height !== undefined) attachment.height = file.height;
    add(attachment);
  });
  world.next.attachment = FIXED.length;
  // A separate generator, so adding files never moves the ids or dates of the rest of the world.
  const rng = createRng(0xa77ac4ed);
  for (const [taskId, count] of counts) {
    const task = world.tasks.get(taskId);
    if (!task) continue;
    const team = world.contacts.filter((c) => c.profiles.some((p) => p.accountId === task.accountId));
    for (let i = 0; i < count; i++) {
      const kind = rng.pick(GENERATED);
      const n = world.next.attachment++;
      const attachment: Attachment = {
        id: entityId(task.accountId, "IY", n),
        accountId: task.accountId,
        taskId: task.id,
        authorId: rng.pick(team).id,
        name: `${rng.pick(GENERATED_NAMES)}-${i + 1}.${kind.ext}`,
        createdDate: stampAfter(task.createdDate, rng.int(1, 24 * 30), now),
        contentType: kind.contentType,
        body: kind.make(task.title, n),
      };
      if (kind.ext === "png") {
        attachment.width = 32;
        attachment.height = 24;
      }
      add(attachment);
    }
  }
}
