// Lookups shared by the API handlers: comma-separated id lists in paths, and entities of the token's account.
import type { Contact, Folder, Task } from "../types.ts";
import type { ApiContext } from "./context.ts";
import { ApiError, notFound } from "./params.ts";

/** "/tasks/A,B,C": up to `max` ids (100 for tasks, per nodkz/wrike-graphql's batching). */
export function splitIds(text: string, max: number): string[] {
  const ids = text.split(",");
  if (ids.some((id) => id === "" || !/^[A-Za-z0-9\-_:.=]{1,256}$/.test(id))) {
    throw new ApiError(400, "invalid_parameter", "Id list is malformed");
  }
  if (ids.length > max)
    throw new ApiError(400, "invalid_parameter", `At most ${max} ids may be requested at once`);
  return [...new Set(ids)];
}

export function accountContacts(ctx: ApiContext): Contact[] {
  return ctx.state.world.contacts.filter((c) => c.profiles.some((p) => p.accountId === ctx.account.id));
}

export function getTask(ctx: ApiContext, id: string): Task {
  const task = ctx.state.world.tasks.get(id);
  if (!task || task.accountId !== ctx.account.id) throw notFound(`Task ${id}`);
  return task;
}

export function getFolder(ctx: ApiContext, id: string): Folder {
  const folder = ctx.state.world.folders.get(id);
  if (!folder || folder.accountId !== ctx.account.id) throw notFound(`Folder ${id}`);
  return folder;
}

export function getSpace(ctx: ApiContext, id: string): Folder {
  const folder = ctx.state.world.folders.get(id);
  if (!folder || folder.accountId !== ctx.account.id || folder.kind !== "space")
    throw notFound(`Space ${id}`);
  return folder;
}

/** The folder and every folder below it. */
export function descendantsOf(ctx: ApiContext, folder: Folder): Folder[] {
  const out: Folder[] = [];
  const walk = (f: Folder): void => {
    out.push(f);
    for (const id of f.childIds) {
      const child = ctx.state.world.folders.get(id);
      if (child) walk(child);
    }
  };
  walk(folder);
  return out;
}
