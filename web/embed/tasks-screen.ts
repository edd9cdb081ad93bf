// The tasks view's chunk: the screen and the store it shows, fetched together (the store's first load
// waits for it, beside the session's start).
export { default as PaneTasks } from "./PaneTasks.svelte";
export { EmbedTasks } from "./data.svelte.ts";
