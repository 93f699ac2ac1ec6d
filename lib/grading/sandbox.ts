/**
 * A submission runs in a temporary copy of its folder, so whatever it deletes or overwrites is the
 * copy's. Notebooks are not copied (the instructor notebook with the hidden tests often sits in the
 * same folder); `node_modules` links to cnnlab's own so `import … from "cnnlab"` works there.
 * Where Node's permission model is available, the process may read only the copy and the
 * installed packages, and write only the copy.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packageRoot } from "../package-root";

/** Folders never copied. */
const SKIP_DIRS = new Set(["node_modules", ".git", ".ipynb_checkpoints", "dist", "reports", "test-output", ".cnnlab-cache"]);
/** Files larger than this are not copied (data the notebook needs comes from the datasets module). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface Sandbox {
  dir: string;
  /** node flags that confine the process to `dir` and the packages (empty where unsupported). */
  execArgv: string[];
  remove(): void;
}

function copyFolder(from: string, to: string, depth: number): void {
  if (depth > 4) return;
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) {
      if (SKIP_DIRS.has(entry.name)) continue;
      fs.mkdirSync(dst);
      copyFolder(src, dst, depth + 1);
    } else if (entry.isFile() && !entry.name.endsWith(".ipynb") && fs.statSync(src).size <= MAX_FILE_BYTES) {
      fs.copyFileSync(src, dst);
    }
  }
}

/** `node_modules` in the sandbox: cnnlab itself plus every package cnnlab can see. */
function linkPackages(dir: string): string[] {
  const root = packageRoot();
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(modules);
  fs.symlinkSync(root, path.join(modules, "cnnlab"), "dir");
  const installed = fs.realpathSync(path.join(root, "node_modules"));
  for (const name of fs.readdirSync(installed)) {
    if (name === "cnnlab" || name === ".bin") continue;
    fs.symlinkSync(path.join(installed, name), path.join(modules, name), "dir");
  }
  return [installed];
}

/** Node 20+ has `--experimental-permission`; Node 22 renamed it `--permission`. */
function permissionFlag(): string | null {
  const major = Number(process.versions.node.split(".")[0]);
  if (major >= 22) return "--permission";
  if (major === 20 || major === 21) return "--experimental-permission";
  return null;
}

/** Makes the sandbox for the submission notebook `file`. */
export function makeSandbox(file: string, confine: boolean): Sandbox {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "cnnlab-grade-")));
  const remove = (): void => fs.rmSync(dir, { recursive: true, force: true });
  try {
    copyFolder(path.dirname(path.resolve(file)), dir, 0);
    const packages = linkPackages(dir);
    const flag = confine ? permissionFlag() : null;
    const root = fs.realpathSync(packageRoot());
    // Readable: the copy, the installed packages (and the link to them), cnnlab's code and data, not its notebooks.
    // No path twice: Node 20's permission model aborts the process on a repeated --allow-fs-read
    // (here node_modules and its real path are the same folder unless node_modules is a link).
    const readable = [...new Set([dir, ...packages, path.join(root, "node_modules"), path.join(root, "dist"), path.join(root, "datasets"), path.join(root, "package.json")])];
    const execArgv = flag ? [flag, "--disable-warning=ExperimentalWarning", ...readable.map((p) => `--allow-fs-read=${p}`), `--allow-fs-write=${dir}`] : [];
    return { dir, execArgv, remove };
  } catch (err) {
    remove();
    throw err;
  }
}
