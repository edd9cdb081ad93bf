// `npm run dev`: the relay and the app on one origin; with no Wrike credentials, the demo against the simulator.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const viteBin = `${root}node_modules/vite/bin/vite.js`;

function hasCredentials(): boolean {
  const file = `${root}.dev.vars`;
  if (!existsSync(file)) return false;
  const vars = readFileSync(file, "utf8");
  return /^WRIKE_CLIENT_ID\s*=\s*\S/m.test(vars) && /^WRIKE_CLIENT_SECRET\s*=\s*\S/m.test(vars);
}

function runVite(env: NodeJS.ProcessEnv, onExit: () => Promise<void> | void): void {
  const vite = spawn(process.execPath, [viteBin, "dev", ...process.argv.slice(2)], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  const stop = () => vite.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  vite.on("exit", async (code) => {
    await onExit();
    process.exit(code ?? 0);
  });
}

if (hasCredentials()) {
  console.log("Wrike Pane: using the Wrike app configured in .dev.vars");
  runVite(process.env, () => {});
} else {
  const { startSimulator, DEMO_CLIENT } = await import("../test/wrike-sim/index.ts");
  const sim = await startSimulator({ loginPort: 8801, usPort: 8802, euPort: 8803, demo: true });
  // A throwaway session key per run: demo sessions end when the demo stops, and no key is ever committed.
  writeFileSync(
    `${root}.dev.vars.demo`,
    `SESSION_SECRET=${randomBytes(32).toString("base64url")}\nWRIKE_CLIENT_SECRET=${DEMO_CLIENT.secret}\n`,
  );
  // An embedding page on another origin (wrangler.toml [env.demo] EMBED_ORIGINS), to try /embed.js.
  const examplePage = readFileSync(`${root}scripts/embed-example.html`, "utf8").replaceAll(
    "__RELAY__",
    "http://localhost:5173",
  );
  const example = createServer((req, res) => {
    res.writeHead(req.url === "/" ? 200 : 404, { "Content-Type": "text/html; charset=utf-8" });
    res.end(req.url === "/" ? examplePage : "Not found");
  }).listen(5174, "127.0.0.1");
  const ada = sim.users.find((u) => u.email === "ada@acme.test");
  console.log(
    [
      "",
      "Wrike Pane demo: no Wrike credentials in .dev.vars, so the relay talks to the bundled Wrike simulator.",
      `  Simulator login: ${sim.loginOrigin}   data centres: ${sim.hosts.us} (US), ${sim.hosts.eu} (EU)`,
      `  Sign in as ${ada?.email ?? "ada@acme.test"} / ${ada?.password ?? "wrike-demo"} (other people: npm run sim)`,
      "  Open http://localhost:5173   (an embedding example on another origin: http://127.0.0.1:5174)",
      "",
    ].join("\n"),
  );
  runVite({ ...process.env, CLOUDFLARE_ENV: "demo" }, async () => {
    example.close();
    await sim.close();
  });
}
