// Pure helpers of the write actions: comment text as Wrike HTML, and optimistic task patches.
import type { CustomStatus, Task } from "../wrike/types.ts";

/** Plain text typed by the user as Wrike comment HTML: escaped, line breaks kept. */
export function plainToWrikeHtml(text: string): string {
  return text
    .trim()
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\r?\n/g, "<br />");
}

/** The task as it will look once Wrike applies the new custom status (its group drives `status`). */
export function withStatus(task: Task, status: CustomStatus): Task {
  return { ...task, customStatusId: status.id, status: status.group };
}

/** Replaces a task in a list by id (same array when it is not there). */
export function replaceTask(list: readonly Task[], task: Task): Task[] {
  const i = list.findIndex((t) => t.id === task.id);
  if (i < 0) return list as Task[];
  const next = list.slice();
  next[i] = { ...list[i]!, ...task };
  return next;
}

/** POST /folders/{rootFolderId}/tasks form for a task of mine: a title, and a due day if given. */
export function newTaskForm(
  title: string,
  meId: string,
  due?: string,
): Record<string, string | string[] | Record<string, string>> {
  const form: Record<string, string | string[] | Record<string, string>> = {
    title: title.trim(),
    responsibles: [meId],
  };
  // A due day alone is a milestone in Wrike's date model; no day at all is a backlog task.
  if (due) form.dates = { type: "Milestone", due };
  return form;
}

/** What the list shows while Wrike creates the task (replaced by Wrike's answer, or removed on failure). */
export function placeholderTask(id: string, title: string, due: string | undefined, now: Date): Task {
  const stamp = now.toISOString().replace(/\.\d+Z$/, "Z");
  return {
    id,
    title: title.trim(),
    status: "Active",
    importance: "Normal",
    createdDate: stamp,
    updatedDate: stamp,
    dates: due ? { type: "Milestone", due } : { type: "Backlog" },
  };
}
