// A throwaway copy of the project (the files git would check out, as they are on disk now) in which
// `npm run deploy` runs like in a fresh clone: no Cloudflare login, no account, and no network.
import { spawn, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

export interface FreshCopy {
  dir: string;
  /** Runs `npm run deploy -- <args>` in the copy; resolves with its exit code and everything it printed. */
  deploy(args: string[]): Promise<{ code: number | null; output: string }>;
  remove(): void;
}

/** Whether this machine lets an unprivileged process run without any network (a fresh net namespace). */
export const canCutNetwork = spawnSync("unshare", ["-rn", "true"]).status === 0;

export function freshCopy(localSecrets: Record<string, string>): FreshCopy {
  const dir = mkdtempSync(join(tmpdir(), "wp-deploy-"));
  const files = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
  }).stdout.split("\0");
  for (const file of files) {
    // Skips files deleted in the working tree, and links (a node_modules link is not ignored by git).
    if (!file || !existsSync(join(root, file)) || !lstatSync(join(root, file)).isFile()) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(root, file), join(dir, file));
  }
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  // What a developer has locally and git ignores: these must never be uploaded.
  for (const [name, text] of Object.entries(localSecrets)) writeFileSync(join(dir, name), text);

  const home = join(dir, ".home");
  const tmp = join(dir, ".tmp");
  mkdirSync(home);
  // wrangler checks npm for a newer wrangler on every run; a fresh cache entry in its (private) temp
  // dir answers that without asking the registry, where the network cannot be cut.
  mkdirSync(join(tmp, "update-check"), { recursive: true });
  writeFileSync(
    join(tmp, "update-check", "wrangler-latest.json"),
    JSON.stringify({ latest: null, lastUpdate: Date.now() }),
  );

  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^(CLOUDFLARE_|CF_|WRANGLER_)/.test(key) && !key.startsWith("npm_")) env[key] = value;
  Object.assign(env, {
    HOME: home,
    TMPDIR: tmp,
    NO_COLOR: "1",
    FORCE_COLOR: "0",
    npm_config_update_notifier: "false",
  });

  return {
    dir,
    deploy: (args) =>
      new Promise((resolve) => {
        const command = ["npm", "run", "deploy", "--", ...args];
        const child = canCutNetwork
          ? spawn("unshare", ["-rn", ...command], { cwd: dir, env })
          : spawn(command[0]!, command.slice(1), { cwd: dir, env });
        let output = "";
        child.stdout.on("data", (d: Buffer) => (output += d.toString()));
        child.stderr.on("data", (d: Buffer) => (output += d.toString()));
        child.on("close", (code) => resolve({ code, output }));
      }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Every file under dir (recursively), as absolute paths. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}
