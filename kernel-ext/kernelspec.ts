/**
 * The "TypeScript (cnnlab)" Jupyter kernel: a kernelspec that starts this package's own
 * tslab (so notebooks get the tslab, TypeScript and tfjs versions cnnlab was tested with),
 * installed through the Jupyter that will run it (`jupyter kernelspec install`).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeFileAtomic } from "../lib/fs/atomic-write";
import { t } from "../lib/i18n/t";
import type { Lang } from "../lib/i18n/lang";

export const KERNEL_NAME = "cnnlab";
export const KERNEL_DISPLAY_NAME = "TypeScript (cnnlab)";

/** How to get Jupyter, the one wording every command uses after saying what is missing; in `lang` (default: the current language). */
export function jupyterInstallHint(lang?: Lang): string {
  return t("kernel.installHint", { pip: "`pip install jupyterlab plotly`", apt: "`sudo apt-get install -y jupyter-notebook jupyter-nbconvert python3-nbclient`" }, lang);
}

/** The hint in English, for errors (developers read those). */
export const JUPYTER_INSTALL_HINT = jupyterInstallHint("en");

/** What the kernel commands say when there is no Jupyter, in the current language. */
export function noJupyter(): string {
  return t("kernel.noJupyter", { hint: jupyterInstallHint() });
}

/** What the kernel commands say when there is no Jupyter, in English. */
export const NO_JUPYTER = t("kernel.noJupyter", { hint: JUPYTER_INSTALL_HINT }, "en");

export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
}

/** Where to install: the user's kernels folder, or PREFIX/share/jupyter/kernels. */
export interface KernelInstallArgs {
  /** Install into the per-user kernels folder. Default: true unless root or prefix is given. */
  user?: boolean;
  /** Install into PREFIX/share/jupyter/kernels/cnnlab (e.g. a virtualenv, or a test's temp dir). Default: none. */
  prefix?: string;
}

/** tslab's own kernel.json (see node_modules/tslab/python/install.py) with absolute paths. */
export function kernelSpec(): KernelSpec {
  const tslabBin = require.resolve("tslab/bin/tslab");
  return {
    // config-path and {connection_file} are separate arguments, as tslab's installer writes them.
    argv: [process.execPath, tslabBin, "kernel", "--config-path", "{connection_file}"],
    display_name: KERNEL_DISPLAY_NAME,
    language: "typescript",
  };
}

/** Absolute path of the `jupyter` executable on PATH, or null. */
export function findJupyter(env: NodeJS.ProcessEnv = process.env): string | null {
  return findOnPath("jupyter", env);
}

function findOnPath(command: string, env: NodeJS.ProcessEnv): string | null {
  const names = process.platform === "win32" ? [`${command}.exe`, `${command}.cmd`, command] : [command];
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/**
 * How to run `jupyter kernelspec …`. Some installs (Debian's jupyter-notebook without the
 * jupyter-client package) lack the `jupyter-kernelspec` entry point although the Python
 * that runs Jupyter has jupyter_client; then we run that module with that Python.
 */
function kernelspecCommand(jupyter: string, env: NodeJS.ProcessEnv): [string, string[]] {
  if (findOnPath("jupyter-kernelspec", env)) return [jupyter, ["kernelspec"]];
  const shebang = /^#!\s*(\S+)/.exec(fs.readFileSync(jupyter, "utf8").split("\n", 1)[0] ?? "");
  const python = shebang && !shebang[1].endsWith("/env") ? shebang[1] : "python3";
  return [python, ["-m", "jupyter_client.kernelspecapp"]];
}

/** Whether Jupyter is installed (its path) and whether it can see the cnnlab kernel. */
export function jupyterStatus(env: NodeJS.ProcessEnv = process.env): { jupyter: string | null; kernel: boolean } {
  const jupyter = findJupyter(env);
  if (!jupyter) return { jupyter: null, kernel: false };
  const [command, prefix] = kernelspecCommand(jupyter, env);
  const listed = spawnSync(command, [...prefix, "list", "--json"], { encoding: "utf8", env, timeout: 30000 });
  if (listed.status !== 0) return { jupyter, kernel: false };
  try {
    const specs = JSON.parse(listed.stdout).kernelspecs as Record<string, unknown>;
    return { jupyter, kernel: KERNEL_NAME in specs };
  } catch {
    return { jupyter, kernel: false };
  }
}

/** Installs the kernelspec; returns the folder it went to. Throws with the reason and a fix. */
export function installKernel(args: KernelInstallArgs = {}, env: NodeJS.ProcessEnv = process.env): string {
  if (args.user && args.prefix) {
    throw new Error(`--user and --prefix exclude each other; received --user and --prefix ${args.prefix}`);
  }
  if (args.prefix !== undefined && (typeof args.prefix !== "string" || args.prefix.trim() === "")) {
    throw new Error(`--prefix: expected a folder, received ${JSON.stringify(args.prefix)}`);
  }
  const jupyter = findJupyter(env);
  if (!jupyter) throw new Error(noJupyter());
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const user = args.user ?? (!args.prefix && !isRoot);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cnnlab-kernelspec-"));
  try {
    // Jupyter copies the folder; a complete kernel.json exists before it looks.
    writeFileAtomic(path.join(dir, "kernel.json"), JSON.stringify(kernelSpec(), null, 2) + "\n");
    fs.chmodSync(dir, 0o755);
    const [command, prefix] = kernelspecCommand(jupyter, env);
    const cli = [...prefix, "install", "--name", KERNEL_NAME, "--replace"];
    if (user) cli.push("--user");
    if (args.prefix) cli.push("--prefix", path.resolve(args.prefix));
    cli.push(dir);
    const run = spawnSync(command, cli, { encoding: "utf8", env, timeout: 60000 });
    if (run.status !== 0) {
      throw new Error(`\`${command} ${cli.join(" ")}\` failed (exit ${run.status}):\n${(run.stderr || run.stdout || String(run.error)).trim()}`);
    }
    const installed = /Installed kernelspec \S+ in (.+)/.exec(`${run.stdout}\n${run.stderr}`)?.[1]?.trim();
    return installed ?? (args.prefix ? path.join(path.resolve(args.prefix), "share", "jupyter", "kernels", KERNEL_NAME) : KERNEL_NAME);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
