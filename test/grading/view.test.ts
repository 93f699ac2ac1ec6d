/** The sandbox's copy of cnnlab: answer-key functions throw in their compiled file, the grader's own modules are empty. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { answerKeyMessage, buildView, type PackageView } from "../../lib/grading/view";
import { PACKAGE_ROOT } from "./fixtures";

let view: PackageView;

beforeAll(() => {
  view = buildView(["conv2dForward", "maxPoolBackward"]);
});

afterAll(() => view.remove());

it("replaces each module that defines an answer-key name as a whole: every export throws, none of its source is left", () => {
  const conv = require(path.join(view.dir, "dist", "lib", "reference", "conv2d.js"));
  expect(() => conv.conv2dForward()).toThrow(answerKeyMessage("conv2dForward"));
  expect(answerKeyMessage("conv2dForward")).toBe("reference.conv2dForward is not available while grading this assignment");
  // Its neighbours in the module (not named in answer_key) go with it: they are parts of the answer.
  expect(() => conv.convGeometry()).toThrow(answerKeyMessage("convGeometry"));
  const pool = require(path.join(view.dir, "dist", "lib", "reference", "pool.js"));
  expect(() => pool.maxPoolBackward()).toThrow(answerKeyMessage("maxPoolBackward"));
  expect(() => new pool.avgPoolForward()).toThrow(answerKeyMessage("avgPoolForward"));
  expect(() => pool.maxPoolForward.call).toThrow(answerKeyMessage("maxPoolForward"));
  // A module without answer-key names is untouched.
  expect(fs.readFileSync(path.join(view.dir, "dist", "lib", "reference", "ndarray.js"), "utf8")).toBe(fs.readFileSync(path.join(PACKAGE_ROOT, "dist", "lib", "reference", "ndarray.js"), "utf8"));
});

it("leaves no source text of a blocked module anywhere in the view (red team: the helpers of maxPoolForward were evaluated from the file)", () => {
  // Distinctive lines of the blocked implementations, taken from the real compiled files.
  const snippets = ["reference/pool.js", "reference/conv2d.js"].map((f) => {
    const lines = fs.readFileSync(path.join(PACKAGE_ROOT, "dist", "lib", f), "utf8").split("\n");
    return lines.filter((l) => /^function (forEachWindow|argMax|poolGeometry|conv2dForward)\b/.test(l));
  }).flat();
  expect(snippets.length).toBeGreaterThanOrEqual(3);
  const hits: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (snippets.some((s) => fs.readFileSync(p, "utf8").includes(s))) hits.push(path.relative(view.dir, p));
    }
  };
  walk(view.dir);
  expect(hits).toEqual([]);
});

it("blocks classes, tables and arith helpers too", () => {
  const v = buildView(["SGD", "ACTIVATIONS", "outputSize"]);
  try {
    const lib = path.join(v.dir, "dist", "lib");
    expect(() => new (require(path.join(lib, "reference", "optim.js")).SGD)({ lr: 0.1 })).toThrow(answerKeyMessage("SGD"));
    expect(() => require(path.join(lib, "reference", "activations.js")).ACTIVATIONS.relu).toThrow(answerKeyMessage("ACTIVATIONS"));
    expect(() => require(path.join(lib, "arith", "size.js")).samePadding({})).toThrow(answerKeyMessage("samePadding", "arith"));
    // Through the namespaces' index files, as `reference` and `arith` of "cnnlab" reach them.
    expect(() => require(path.join(lib, "arith", "index.js")).outputSize({ size: 5, kernel: 3 })).toThrow(answerKeyMessage("outputSize", "arith"));
    expect(require(path.join(lib, "reference", "index.js")).zeros([2]).data.length).toBe(2);
  } finally {
    v.remove();
  }
});

it("leaves out the grader's code, source maps and instructor material", () => {
  const grading = path.join(view.dir, "dist", "lib", "grading");
  expect(fs.readFileSync(path.join(grading, "score.js"), "utf8")).not.toContain("compareClose");
  expect(fs.readFileSync(path.join(grading, "grade.js"), "utf8")).not.toContain("instructor");
  expect(fs.readdirSync(path.join(view.dir, "dist", "lib", "reference")).some((f) => f.endsWith(".map"))).toBe(false);
  expect(fs.readdirSync(view.dir).sort()).toEqual(["datasets", "dist", "package.json"]);
});

it("names an answer_key entry that is not an export of a reference, arith, interpret or conv explorer module", () => {
  expect(() => buildView(["conv2dForward", "noSuchThing"])).toThrow('answer_key names "noSuchThing", which is not an export of cnnlab\'s reference, arith, interpret or conv explorer modules');
});

it("without TensorFlow.js (`\"tfjs\": false`): tfjs and every cnnlab module built on it throw on use, the by-hand modules work", () => {
  const v = buildView(["outputSize"], { tfjs: false });
  try {
    const scope = v.replaces!["@tensorflow"];
    // A stub for each installed tfjs package, and none of tfjs's files.
    expect(fs.readdirSync(scope).sort()).toEqual(fs.readdirSync(path.join(PACKAGE_ROOT, "node_modules", "@tensorflow")).sort());
    expect(fs.readdirSync(path.join(scope, "tfjs-core")).sort()).toEqual(["index.js", "package.json"]);
    // Loaded as a sandbox loads them: the view's cnnlab resolves the stubs beside it; other packages from the real node_modules.
    const script = `
      const out = [];
      const tryIt = (f) => { try { f(); out.push("ran"); } catch (e) { out.push(e.message); } };
      const cnnlab = require(${JSON.stringify(v.dir)});
      tryIt(() => cnnlab.tf.backend_util.computeConv2DInfo([1, 7, 7, 1], [3, 3, 1, 1], 1, "valid"));
      tryIt(() => require("@tensorflow/tfjs-core/dist/ops/conv_util").computeConv2DInfo([1, 7, 7, 1], [3, 3, 1, 1], 1, "valid"));
      tryIt(() => cnnlab.initBackend());
      tryIt(() => cnnlab.summarize({}));
      tryIt(() => cnnlab.arith.outputSize({ input: 7, kernel: 3 }));
      out.push(cnnlab.reference.zeros([2], "float64").data.length, typeof cnnlab.check.close, cnnlab.rng(1).normal() === cnnlab.rng(1).normal());
      console.log(JSON.stringify(out));`;
    const r = spawnSync(process.execPath, ["-e", script], { cwd: path.dirname(path.dirname(v.dir)), env: { ...process.env, NODE_PATH: path.join(PACKAGE_ROOT, "node_modules") }, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual([
      "tf.backend_util is not available while grading this assignment",
      "tf.computeConv2DInfo is not available while grading this assignment",
      "cnnlab.initBackend is not available while grading this assignment",
      "cnnlab.summarize is not available while grading this assignment",
      answerKeyMessage("outputSize", "arith"),
      2,
      "function",
      true,
    ]);
    // The stubbed modules hold none of their source (a file read rebuilds nothing).
    expect(fs.readFileSync(path.join(v.dir, "dist", "lib", "summary.js"), "utf8")).not.toContain("outputShape");
  } finally {
    v.remove();
  }
});
