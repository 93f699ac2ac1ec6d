/**
 * What a submission's sandbox sees of cnnlab: a copy of the compiled package made once per
 * grading run, without the grader's own code (its modules are empty there), without source maps,
 * and with each `answer_key` function of the reference implementation replaced, in the file
 * itself, by one that throws "… is not available while grading this assignment". The sandbox
 * mounts this copy read-only as node_modules/cnnlab, so neither `import`, `require` of the
 * compiled file nor reading it reaches the answer key.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packageRoot } from "../package-root";

/** Compiled grader modules a submission's process does not need: empty modules in the view. */
const GRADER_ONLY = new Set(["grade", "score", "feedback", "session", "tester", "tester-worker", "execute", "sandbox", "view", "results", "gradebook", "progress", "spec", "assign"]);
/** Top-level folders of dist/ the sandbox never needs. */
const SKIP_DIST = new Set(["bench"]);

export interface PackageView {
  /** The folder to mount as node_modules/cnnlab. */
  dir: string;
  remove(): void;
}

/** The error text a blocked reference function throws (also what the feedback shows). */
export function answerKeyMessage(name: string): string {
  return `reference.${name} is not available while grading this assignment`;
}

function copyDist(from: string, to: string, top: boolean): void {
  fs.mkdirSync(to, { mode: 0o755 });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) {
      if (top && SKIP_DIST.has(entry.name)) continue;
      copyDist(src, dst, false);
    } else if (entry.isFile() && !entry.name.endsWith(".map")) {
      const graderOnly = path.basename(from) === "grading" && entry.name.endsWith(".js") && GRADER_ONLY.has(entry.name.replace(/\.js$/, ""));
      if (graderOnly) fs.writeFileSync(dst, '"use strict";\n// The grader\'s own code is not part of a graded submission\'s sandbox.\nObject.defineProperty(exports, "__esModule", { value: true });\n', { mode: 0o644 });
      else fs.copyFileSync(src, dst);
      fs.chmodSync(dst, 0o644);
    }
  }
}

/**
 * Replaces the body of the top-level `function name(` in compiled files under `dir` (tsc puts
 * its closing brace alone on a line at column 0). Returns the names that were found.
 */
function stubFunctions(dir: string, names: Set<string>): Set<string> {
  const found = new Set<string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      for (const n of stubFunctions(file, names)) found.add(n);
      continue;
    }
    if (!entry.name.endsWith(".js")) continue;
    const lines = fs.readFileSync(file, "utf8").split("\n");
    let changed = false;
    for (let i = 0; i < lines.length; i++) {
      const m = /^(?:async )?function\*? ?([A-Za-z_$][\w$]*)\s*\(/.exec(lines[i]);
      if (!m || !names.has(m[1])) continue;
      let end = i;
      while (end < lines.length && lines[end] !== "}") end++;
      if (end === lines.length) throw new Error(`answer_key: cannot find the end of function ${m[1]} in ${file}`);
      const stub = `function ${m[1]}() { throw new Error(${JSON.stringify(answerKeyMessage(m[1]))}); }`;
      lines.splice(i, end - i + 1, stub);
      found.add(m[1]);
      changed = true;
    }
    if (changed) fs.writeFileSync(file, lines.join("\n"));
  }
  return found;
}

/** Builds the view for an assignment whose `answer_key` names reference functions; throws naming an unknown name. */
export function buildView(answerKey: string[]): PackageView {
  const root = fs.realpathSync(packageRoot());
  const dist = path.join(root, "dist");
  if (!fs.existsSync(path.join(dist, "lib", "grading", "worker.js"))) throw new Error(`cannot find the compiled package in ${dist}; build it first with \`npx tsc -p .\``);
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "cnnlab-view-"));
  fs.chmodSync(base, 0o755);
  // Inside a node_modules folder, so that without a sandbox (--unsafe-no-sandbox) the packages linked beside it resolve.
  const dir = path.join(base, "node_modules", "cnnlab");
  const remove = (): void => fs.rmSync(base, { recursive: true, force: true });
  try {
    fs.mkdirSync(dir, { mode: 0o755, recursive: true });
    fs.chmodSync(path.dirname(dir), 0o755);
    copyDist(dist, path.join(dir, "dist"), true);
    fs.copyFileSync(path.join(root, "package.json"), path.join(dir, "package.json"));
    fs.chmodSync(path.join(dir, "package.json"), 0o644);
    // The mount point of the package's data folder (bound read-only over it).
    fs.mkdirSync(path.join(dir, "datasets"), { mode: 0o755 });
    const wanted = new Set(answerKey);
    const found = stubFunctions(path.join(dir, "dist", "lib", "reference"), wanted);
    const missing = answerKey.filter((n) => !found.has(n));
    if (missing.length > 0) throw new Error(`answer_key names ${missing.map((n) => JSON.stringify(n)).join(", ")}, which ${missing.length === 1 ? "is not a function" : "are not functions"} of cnnlab's reference implementation`);
    return { dir, remove };
  } catch (err) {
    remove();
    throw err;
  }
}
