// Mounts the app (after putting the theme on <html>, so the first paint is already in it).
import { mount } from "svelte";
import App from "./App.svelte";
import { theme } from "./lib/theme.svelte.ts";
import "./app.css";

document.documentElement.dataset.theme = theme.dark ? "dark" : "light";
mount(App, { target: document.getElementById("app")! });
