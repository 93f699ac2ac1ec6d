/**
 * A JupyterLab or Notebook 7 server for the front-end tests: started from the test venv on
 * 127.0.0.1 with a token and its own temporary JUPYTER_DATA_DIR / JUPYTER_CONFIG_DIR, the
 * cnnlab kernel installed into that data dir, and shut down through its REST API.
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

/** The venv .ci/run creates (python3 -m venv + pip from the local wheel folders); CNNLAB_JUPYTER_VENV overrides. */
export const VENV = process.env.CNNLAB_JUPYTER_VENV ?? path.join(ROOT, ".venv-jupyter");

/** Why the venv cannot serve these tests, or "" when it can. */
export function venvMissing(): string {
  const lab = path.join(VENV, "bin", "jupyter-lab");
  if (!fs.existsSync(lab)) return `${lab} not found (.ci/run installs jupyterlab, notebook, nbconvert and plotly into ${path.basename(VENV)} from the local wheel folders)`;
  return "";
}

export interface ServerArgs {
  /** "lab" (JupyterLab) or "notebook" (Notebook 7). Required. */
  app: "lab" | "notebook";
  /** Folder served. Required. */
  rootDir: string;
  /** Folder for this server's data and config dirs (fresh ones: nothing trusted yet). Required. */
  stateDir: string;
  /** Disable plotly's JupyterLab extension (its renderer for application/vnd.plotly.v1+json). Required. */
  plotlyExtension: boolean;
}

export interface JupyterServer {
  url(pathname: string): string;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2));
}

/** Environment of a server and of the tools (nbconvert, kernel install) that share its dirs. */
export function jupyterEnv(stateDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${path.join(VENV, "bin")}${path.delimiter}${process.env.PATH ?? ""}`,
    JUPYTER_DATA_DIR: path.join(stateDir, "data"),
    JUPYTER_CONFIG_DIR: path.join(stateDir, "config"),
    JUPYTER_RUNTIME_DIR: path.join(stateDir, "runtime"),
    JUPYTER_PLATFORM_DIRS: "1",
    // Only the venv's and these dirs: no kernels or extensions from the machine's own Jupyter.
    JUPYTER_PATH: "",
    IPYTHONDIR: path.join(stateDir, "ipython"),
  };
}

/** Installs the cnnlab kernel into the data dir of `env` with the CLI a student uses. */
export function installKernel(env: NodeJS.ProcessEnv): void {
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "cnnlab.js"), "kernel", "install", "--user"], { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`cnnlab kernel install --user failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

export async function startServer(args: ServerArgs): Promise<JupyterServer> {
  const env = jupyterEnv(args.stateDir);
  fs.mkdirSync(env.JUPYTER_DATA_DIR as string, { recursive: true });
  installKernel(env);
  const config = env.JUPYTER_CONFIG_DIR as string;
  // Render every cell (no virtual scrolling), so tests and screenshots see the whole notebook; no news pop-ups.
  writeJson(path.join(config, "lab", "user-settings", "@jupyterlab", "notebook-extension", "tracker.jupyterlab-settings"), { windowingMode: "none" });
  writeJson(path.join(config, "lab", "user-settings", "@jupyterlab", "apputils-extension", "notification.jupyterlab-settings"), { fetchNews: "false", checkForUpdates: false });
  if (!args.plotlyExtension) writeJson(path.join(config, "labconfig", "page_config.json"), { disabledExtensions: { "jupyterlab-plotly": true, "@jupyterlab/plotly-extension:factory": true } });
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const child: ChildProcess = spawn(
    path.join(VENV, "bin", args.app === "lab" ? "jupyter-lab" : "jupyter-notebook"),
    [
      "--no-browser",
      "--ip=127.0.0.1",
      `--port=${port}`,
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${args.rootDir}`,
      ...(args.app === "lab" ? ["--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"] : []),
      ...(asRoot ? ["--allow-root"] : []),
    ],
    { cwd: args.rootDir, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const url = (pathname: string) => `${base}${pathname}${pathname.includes("?") ? "&" : "?"}token=${token}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`jupyter ${args.app} exited (${child.exitCode}) before it served:\n${log}`);
    try {
      const r = await fetch(url("/api/status"));
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`jupyter ${args.app} did not answer on ${base} within 120 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    env,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
      // The shutdown endpoint stops the kernels too (they run in their own process groups).
      await fetch(url("/api/shutdown"), { method: "POST" }).catch(() => undefined);
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
