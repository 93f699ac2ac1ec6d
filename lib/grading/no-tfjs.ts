/**
 * A sandbox without TensorFlow.js, for assignments that are done by hand (`"tfjs": false` in the
 * assignment's metadata: a1 convolution, a2 pooling and batch norm, a5 conv arithmetic, …). tfjs
 * answers them for free — `tf.maxPool`, `tf.moments`, `tf.backend_util.computeConv2DInfo`, the
 * output shape of `tf.conv2d` or of a `tf.layers` layer, any file of `@tensorflow/*` required or
 * read directly — so in such a sandbox:
 *   - every `@tensorflow/<pkg>` is a generated package whose every export throws
 *     "tf.<name> is not available while grading this assignment" (in the submission's language:
 *     lib/grading/blocked.ts) on use, and so does any file of
 *     it a submission requires (`@tensorflow/tfjs-core/dist/ops/conv_util`); none of tfjs's files
 *     is mounted, so no `require` of its internals and no file read reaches it;
 *   - every compiled cnnlab module that needs tfjs (directly or through other modules) is replaced
 *     by a stub whose exports throw the same way, so `import { check, reference as R } from "cnnlab"`
 *     still loads and the tfjs-free modules (reference, arith, check, rng, …) work as usual.
 * The whole class of tfjs shortcuts goes at once, and the sandbox starts faster (no tfjs to load or type-check).
 */
import * as fs from "fs";
import * as path from "path";
import { BLOCKED_SOURCE } from "./blocked";

/** The scope folder every tfjs package lives in. */
export const TFJS_SCOPE = "@tensorflow";

const REQUIRE = /require\("([^"]+)"\)/g;
const EXPORT_ASSIGN = /^exports\.([A-Za-z_$][\w$]*) = /gm;
const EXPORT_DEFINE = /Object\.defineProperty\(exports, "([A-Za-z_$][\w$]*)"/g;
const EXPORT_STAR = /__exportStar\(require\("(\.[^"]+)"\), exports\)/g;

/** A module whose `module.exports` throws the message on any use of any name (names are not known in advance). */
function tfjsStub(): string {
  return [
    '"use strict";',
    "// While this assignment is graded, TensorFlow.js is not part of the sandbox (it would answer the assignment).",
    ...BLOCKED_SOURCE,
    "module.exports = new Proxy({}, {",
    '  get(_, key) { if (key === "__esModule") return true; if (typeof key === "symbol" || key === "then") return undefined; return blocked(`tf.${key}`); },',
    "});",
    "",
  ].join("\n");
}

/** Writes a stub package for each package of the real tfjs scope folder into `scopeDir`. */
export function writeTfjsStubs(realScope: string, scopeDir: string): void {
  fs.mkdirSync(scopeDir, { recursive: true, mode: 0o755 });
  for (const pkg of fs.readdirSync(realScope).sort()) {
    const dir = path.join(scopeDir, pkg);
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: `${TFJS_SCOPE}/${pkg}`, main: "index.js", exports: { ".": "./index.js", "./*": "./index.js" } }) + "\n", { mode: 0o644 });
    fs.writeFileSync(path.join(dir, "index.js"), tfjsStub(), { mode: 0o644 });
  }
  for (const d of [scopeDir, path.dirname(scopeDir)]) fs.chmodSync(d, 0o755);
}

/** The file a relative require in `from` loads, or null when it is not a file of `files`. */
function resolveRelative(from: string, request: string, files: Set<string>): string | null {
  const base = path.resolve(path.dirname(from), request);
  for (const f of [base, `${base}.js`, path.join(base, "index.js")]) if (files.has(f)) return f;
  return null;
}

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? jsFiles(path.join(dir, e.name)) : e.name.endsWith(".js") ? [path.join(dir, e.name)] : []));
}

/**
 * The compiled modules under `dist` that need tfjs: they require a `@tensorflow/*` package, or a
 * module that does. `entry` (the package's main file, which only re-exports) is never one of them.
 */
function tfjsModules(dist: string, entry: string): Set<string> {
  const files = new Set(jsFiles(dist));
  const requires = new Map<string, { tf: boolean; local: string[] }>();
  for (const f of files) {
    const text = fs.readFileSync(f, "utf8");
    const reqs = [...text.matchAll(REQUIRE)].map((m) => m[1]);
    requires.set(f, {
      tf: reqs.some((r) => r === TFJS_SCOPE || r.startsWith(`${TFJS_SCOPE}/`)),
      local: reqs.filter((r) => r.startsWith(".")).map((r) => resolveRelative(f, r, files)).filter((r): r is string => r !== null),
    });
  }
  // The entry is kept (it only re-exports), and a module that requires it does not need tfjs on that account.
  const needs = new Set([...requires].filter(([f, r]) => r.tf && f !== entry).map(([f]) => f));
  // Grow the set until no module requires one in it (a fixed point: each round adds at least one or ends).
  for (let grew = true; grew; ) {
    grew = false;
    for (const [f, r] of requires) {
      if (f !== entry && !needs.has(f) && r.local.some((l) => needs.has(l))) {
        needs.add(f);
        grew = true;
      }
    }
  }
  return needs;
}

/** The export names of a compiled module (TypeScript's CommonJS output), re-exports (`export *`) included. */
function exportNames(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file) || !fs.existsSync(file)) return [];
  seen.add(file);
  const text = fs.readFileSync(file, "utf8");
  const names = new Set<string>([...text.matchAll(EXPORT_ASSIGN), ...text.matchAll(EXPORT_DEFINE)].map((m) => m[1]));
  for (const m of text.matchAll(EXPORT_STAR)) {
    const base = path.resolve(path.dirname(file), m[1]);
    const target = [`${base}.js`, path.join(base, "index.js")].find((f) => fs.existsSync(f));
    if (target) for (const n of exportNames(target, seen)) names.add(n);
  }
  names.delete("__esModule");
  return [...names].sort();
}

/**
 * Replaces, in the view's copy of the compiled package (`dist` inside it, whose main file is
 * `entry`), every module that needs tfjs by `stub(its export names)`. Names are read before any
 * file is replaced, so a re-exporting module keeps the names of the modules it re-exports.
 */
export function stubTfjsModules(dist: string, entry: string, stub: (exports: string[]) => string): void {
  const modules = [...tfjsModules(dist, entry)].sort();
  const stubs = modules.map((f) => ({ file: f, text: stub(exportNames(f)) }));
  for (const { file, text } of stubs) fs.writeFileSync(file, text, { mode: 0o644 });
}
