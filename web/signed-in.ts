// The signed-in app's code as one lazy chunk: its stores' classes and the shell. Only the composition root
// (main.ts) imports it, once a session has or may have a user; it builds the instances itself.
export { Directory } from "./wrike/directory.svelte.ts";
export { Live } from "./live/live.svelte.ts";
export { TaskDetail } from "./tasks/detail.svelte.ts";
export { MyWork } from "./tasks/mywork.svelte.ts";
export { Writes } from "./tasks/writes.ts";
export { Timer } from "./time/timer.svelte.ts";
export { Week } from "./time/week.svelte.ts";
export { default as Shell } from "./shell/Shell.svelte";
