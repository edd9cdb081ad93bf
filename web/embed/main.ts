// The embeddable pane's composition root (/embed): theme and view from the URL, the frame's own storage
// and locks, one session, messages to the embedding page.
import { mount } from "svelte";
import "../app.css";
import { WrikeApi } from "../wrike/api.ts";
import { frameLocks } from "../platform/platform.ts";
import { Session } from "../session/session.svelte.ts";
import { RelaySignOut } from "../session/signout.ts";
import { frameStorage } from "../platform/storage.ts";
import { Tokens } from "../session/tokens.svelte.ts";
import "./embed.css";
import Embed from "./Embed.svelte";
import { HostChannel } from "./messages.ts";
import { Pane, PaneNotice } from "./pane.svelte.ts";
import { parseEmbedParams } from "./params.ts";
import { hasRelaySessionHint } from "../session/relay.ts";
import { prefetch } from "./screens.ts";

const params = parseEmbedParams(window.location.search);
document.documentElement.dataset.theme = params.theme;
// The first screen's chunk comes beside the frame's locks and the session's token.
prefetch(hasRelaySessionHint(), params.view);

// A browser that blocks third-party data without partitioning it refuses this cross-site frame Web
// Locks and sessionStorage (SecurityError) while its partitioned session cookie still works: the
// frame then uses locks and a sessionStorage of its own (see frameLocks and frameStorage).
void frameLocks().then((locks) => {
  const storage = frameStorage();
  const signOut = new RelaySignOut({ storage });
  const tokens = new Tokens({ locks, storage, signingOut: () => signOut.pending });
  const notice = new PaneNotice();
  const session = new Session({
    tokens,
    api: new WrikeApi({ tokens, maxRetries: 4 }),
    signOut,
    reporter: notice,
    place: "pane",
  });
  const pane = new Pane(params, new HostChannel(window), session, notice);
  mount(Embed, { target: document.getElementById("embed")!, props: { pane } });
});
