// The signed-out pane's chunk: the sign-in screen and the popup flow behind it, fetched together.
export { default as PaneSignIn } from "./PaneSignIn.svelte";
export { EmbedSignIn } from "./signin.svelte.ts";
