/**
 * What a submission's sandbox sees of cnnlab: a copy of the compiled package made once per
 * grading run, without the grader's own code (its modules are empty there), without source maps,
 * and with every module that defines an `answer_key` name (reference.*, arith.*, interpret.*, the conv explorer's
 * arithmetic) replaced as a whole by a generated stub whose every export throws "… is not available
 * while grading this assignment". The sandbox mounts this copy read-only as node_modules/cnnlab, so neither `import`,
 * `require`, reading nor evaluating the compiled files reaches the answer key or the helpers it was
 * made of (a red-team finding: stubbing only the listed functions left them in the file).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packageRoot } from "../package-root";
import { stubTfjsModules, TFJS_SCOPE, writeTfjsStubs } from "./no-tfjs";
import { BLOCKED_SOURCE } from "./blocked";
import type { Lang } from "../i18n/lang";
import { t } from "../i18n/t";

/** Compiled grader modules a submission's process does not need: empty modules in the view. */
const GRADER_ONLY = new Set(["grade", "score", "feedback", "session", "tester", "tester-worker", "execute", "sandbox", "view", "results", "gradebook", "progress", "spec", "assign", "no-tfjs"]);
/** Top-level folders of dist/ the sandbox never needs. */
const SKIP_DIST = new Set(["bench"]);

export interface PackageView {
  /** The folder to mount as node_modules/cnnlab. */
  dir: string;
  /** Installed packages the sandbox sees replaced (name → the folder to mount instead), e.g. "@tensorflow" without tfjs. */
  replaces?: Record<string, string>;
  remove(): void;
}

/** The error text a blocked answer-key export throws in `lang` (also what the feedback shows); `namespace` is "reference" or "arith". */
export function answerKeyMessage(name: string, namespace = "reference", lang: Lang = "en"): string {
  return t("grade.notAvailable", { name: `${namespace}.${name}` }, lang);
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
 * Folders of dist/ whose modules implement answers (the namespace they are exported under), optionally only
 * some of their files: a module there that defines an `answer_key` name is replaced as a whole.
 */
const ANSWER_KEY_DIRS: ReadonlyArray<{ dir: string; namespace: string; only?: string[]; ifMissing?: boolean }> = [
  { dir: "lib/reference", namespace: "reference" },
  { dir: "lib/arith", namespace: "arith" },
  // The conv explorer's arithmetic, self-contained because a page embeds it: convGeometry is a5's output size and
  // convAt (with convExplorer's convOutput, made of it) a1's and a4's window sums in float64 (a red-team finding).
  { dir: "kernel-ext", namespace: "kernel-ext", only: ["convGeometry.js"] },
  // interpret.saliency and interpret.occlusion are a8's tasks, ready-made (a red-team finding). Its modules load
  // tfjs, so this folder is read only for names the folders above do not define.
  { dir: "lib/interpret", namespace: "interpret", ifMissing: true },
];

/**
 * The modules that define the `answer_key` names, as compiled file → its export names and namespace.
 * A name may be a function, a class or a table: whatever the module exports. Index files only
 * re-export, so they are never the answer key; a module is found from the compiled package, loaded here
 * in the grader (the modules read have no side effects).
 */
function answerKeyModules(dist: string, names: string[]): { modules: Map<string, { exports: string[]; namespace: string }>; missing: string[] } {
  const modules = new Map<string, { exports: string[]; namespace: string }>();
  const found = new Set<string>();
  for (const { dir, namespace, only, ifMissing } of ANSWER_KEY_DIRS) {
    if (ifMissing && names.every((n) => found.has(n))) continue;
    const folder = path.join(dist, dir);
    for (const file of fs.readdirSync(folder).filter((f) => f.endsWith(".js") && f !== "index.js" && (!only || only.includes(f))).sort()) {
      const full = path.join(folder, file);
      const exports = Object.keys(require(full) as object).filter((k) => k !== "__esModule");
      const hits = names.filter((n) => exports.includes(n));
      if (hits.length === 0) continue;
      for (const n of hits) found.add(n);
      modules.set(full, { exports, namespace });
    }
  }
  return { modules, missing: names.filter((n) => !found.has(n)) };
}

/**
 * A module whose every export throws the answer-key message on any use (call, `new`, property read):
 * the implementation's source is nowhere in the file, so neither calling, `require`-ing, reading nor
 * `eval`-ing it rebuilds the answer key, and its helpers, classes and tables go with it.
 */
function stubModule(exports: string[], namespace: string): string {
  return [
    '"use strict";',
    "// While this assignment is graded, this module of the answer key is not part of the sandbox.",
    'Object.defineProperty(exports, "__esModule", { value: true });',
    ...BLOCKED_SOURCE,
    `for (const name of ${JSON.stringify(exports)}) Object.defineProperty(exports, name, { enumerable: true, value: blocked(${JSON.stringify(`${namespace}.`)} + name) });`,
    "",
  ].join("\n");
}

export interface ViewArgs {
  /** Whether the sandbox has TensorFlow.js (the assignment's `"tfjs"`; false: lib/grading/no-tfjs.ts). Default true. */
  tfjs?: boolean;
}

/** Builds the view for an assignment whose `answer_key` names reference functions; throws naming an unknown name. */
export function buildView(answerKey: string[], args: ViewArgs = {}): PackageView {
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
    const { modules, missing } = answerKeyModules(dist, answerKey);
    if (missing.length > 0) throw new Error(`answer_key names ${missing.map((n) => JSON.stringify(n)).join(", ")}, which ${missing.length === 1 ? "is not an export" : "are not exports"} of cnnlab's reference, arith, interpret or conv explorer modules`);
    for (const [file, { exports, namespace }] of modules) fs.writeFileSync(path.join(dir, path.relative(root, file)), stubModule(exports, namespace), { mode: 0o644 });
    if (args.tfjs !== false) return { dir, remove };
    // Beside the view (where --unsafe-no-sandbox links the packages), and mounted over the real scope folder in the sandbox.
    const scope = path.join(base, "node_modules", TFJS_SCOPE);
    writeTfjsStubs(path.dirname(path.dirname(require.resolve(`${TFJS_SCOPE}/tfjs/package.json`, { paths: [root] }))), scope);
    const main = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { main: string }).main;
    stubTfjsModules(path.join(dir, "dist"), path.join(dir, main), (exports) => stubModule(exports, "cnnlab"));
    return { dir, remove, replaces: { [TFJS_SCOPE]: scope } };
  } catch (err) {
    remove();
    throw err;
  }
}
