// Mounts the embeddable pane (/embed): theme and view from the URL, messages to the embedding page.
import { mount } from "svelte";
import "../app.css";
import "./embed.css";
import Embed from "./Embed.svelte";
import { guardFrameStorage } from "./frame-storage.ts";
import { HostChannel } from "./messages.ts";
import { Pane } from "./pane.svelte.ts";
import { parseEmbedParams } from "./params.ts";

const params = parseEmbedParams(window.location.search);
document.documentElement.dataset.theme = params.theme;
const pane = new Pane(params, new HostChannel(window));
void guardFrameStorage().then(() => {
  mount(Embed, { target: document.getElementById("embed")!, props: { pane } });
});
