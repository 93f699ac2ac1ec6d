/**
 * The `cnnlab` command as a user runs it: `node bin/cnnlab.js …` in a child process, with a fresh
 * environment (none of this process's CNNLAB_* or jest variables) and a temporary working folder,
 * so that what the test sees is what a terminal shows. dist/ must be built (`npx tsc -p .`).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");
export const CNNLAB_BIN = path.join(PACKAGE_ROOT, "bin", "cnnlab.js");

export interface CliResult {
  /** The exit code (null if the process was killed, e.g. by the timeout). */
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliArgs {
  /** The working folder. Required: make one with `tempDir()`. */
  cwd: string;
  /** Variables added to the fresh environment (default none). */
  env?: Record<string, string>;
  /** PATH of the child (default: this process's PATH, so that node and jupyter are found as in a shell). */
  path?: string;
  /** Kill the child after this many milliseconds (default 180000). */
  timeoutMs?: number;
}

/** The environment a new terminal has: PATH, a HOME of its own (kernel installs go there, not to the real home), a locale. */
export function freshEnv(args: Pick<CliArgs, "cwd" | "env" | "path">): NodeJS.ProcessEnv {
  return { PATH: args.path ?? process.env.PATH ?? "/usr/bin:/bin", HOME: args.cwd, LANG: "C.UTF-8", ...args.env };
}

/** Runs `node bin/cnnlab.js ...argv` and waits for it. */
export function cnnlab(argv: string[], args: CliArgs): CliResult {
  const r = spawnSync(process.execPath, [CNNLAB_BIN, ...argv], {
    cwd: args.cwd,
    env: freshEnv(args),
    encoding: "utf8",
    timeout: args.timeoutMs ?? 180_000,
  });
  if (r.error) throw new Error(`cnnlab ${argv.join(" ")}: the child process failed to run: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const made: string[] = [];

/** A fresh temporary folder, removed by `removeTempDirs` (call it in afterAll). */
export function tempDir(prefix = "cnnlab-cli-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A folder holding only a `node` link: a PATH on which no Jupyter (or anything else) is found. */
export function pathWithOnlyNode(): string {
  const dir = tempDir("cnnlab-path-");
  fs.symlinkSync(process.execPath, path.join(dir, "node"));
  return dir;
}
