/**
 * Library shortcuts in the by-hand assignments earn nothing (issue 18): a2 (pooling, batch norm)
 * solved with tfjs's own ops or computed in float32, a5 (conv arithmetic) answered by tfjs's size
 * helpers, its layers, or a `require` of tfjs-core's internals. Graded as an instructor grades:
 * `node bin/cnnlab.js grade --quick` spawned in a fresh folder, against the committed assignments.
 */
import * as fs from "fs";
import * as path from "path";
import { cellSource, readNotebook, splitLines, writeNotebook } from "../../lib/notebook/io";
import type { Notebook } from "../../lib/notebook/types";
import { cnnlab, freshDir, noSandboxReason, PACKAGE_ROOT } from "./fixtures";

const noSandbox = noSandboxReason();
const suite = noSandbox ? describe.skip : describe;
const DIR = path.join(PACKAGE_ROOT, "notebooks", "assignments");
const BLOCKED = "not available while grading this assignment";

interface Graded {
  student: string;
  earned: number;
  tests: Array<{ id: string; earned: number; status: string; explanation: string }>;
}

/** The student version with a cell appended (the student's functions, defined last so they win). */
function studentWith(name: string, source: string): Notebook {
  const nb = readNotebook(path.join(DIR, `${name}.ipynb`));
  nb.cells.push({ cell_type: "code", id: "shortcut", metadata: {}, source, execution_count: null, outputs: [] });
  return nb;
}

/** Grades the notebooks as one class; returns the grades by student and the instructor run's problems. */
async function grade(name: string, tag: string, notebooks: Record<string, Notebook>): Promise<{ grades: Record<string, Graded>; problems: string[] }> {
  const work = freshDir(tag);
  fs.mkdirSync(path.join(work, "submissions"));
  for (const [who, nb] of Object.entries(notebooks)) writeNotebook(path.join(work, "submissions", `${who}.ipynb`), nb);
  const run = await cnnlab(["grade", "submissions", "--instructor", DIR, "--assignment", name, "--quick", "--out", "out", "-j", "2"], work);
  const json = path.join(work, "out", "grades.json");
  if (run.code !== 0 || !fs.existsSync(json)) throw new Error(`cnnlab grade failed (exit code ${run.code}): ${run.stderr.slice(-2000)}`);
  const report = JSON.parse(fs.readFileSync(json, "utf8")) as { grades: Graded[]; instructorProblems: string[] };
  fs.rmSync(work, { recursive: true, force: true });
  return { grades: Object.fromEntries(report.grades.map((g) => [g.student, g])), problems: report.instructorProblems };
}

suite("a2-pool-bn: tfjs's ops and float32 arithmetic are no shortcut", () => {
  jest.setTimeout(900_000);
  let grades: Record<string, Graded>;

  beforeAll(async () => {
    // Every function by tfjs: tf.maxPool and its gradient, tf.moments, tf.batchNorm and tf.grads (float32, the "obvious" shortcut).
    const viaTf = `
import * as tf from "@tensorflow/tfjs";
const T = (a: any) => tf.tensor(Array.from(a.data as ArrayLike<number>), a.shape);
const out = (t: any) => ({ shape: t.shape, data: Float64Array.from(t.dataSync()) });
function maxPoolForward(X: any, size: number, stride: number) { return out(tf.maxPool(T(X), size, stride, "valid")); }
function maxPoolBackward(dY: any, X: any, size: number, stride: number) {
  return out(tf.grad((x: any) => tf.sum(tf.mul(tf.maxPool(x, size, stride, "valid"), T(dY))))(T(X)));
}
function batchNormForward(X: any, gamma: any, beta: any, eps = 1e-3) {
  const axes = X.shape.slice(0, -1).map((_: number, i: number) => i);
  const { mean, variance } = tf.moments(T(X), axes);
  return { Y: out(tf.batchNorm(T(X), mean, variance, T(beta), T(gamma), eps)), mean: out(mean), variance: out(variance) };
}
function batchNormBackward(dY: any, X: any, gamma: any, eps = 1e-3) {
  const axes = X.shape.slice(0, -1).map((_: number, i: number) => i);
  const f = (x: any, g: any, b: any) => { const m = tf.moments(x, axes); return tf.sum(tf.mul(tf.batchNorm(x, m.mean, m.variance, b, g, eps), T(dY))); };
  const [dX, dgamma, dbeta] = tf.grads(f as any)([T(X), T(gamma), tf.zerosLike(T(gamma))]);
  return { dX: out(dX), dgamma: out(dgamma), dbeta: out(dbeta) };
}
`;
    // The instructor's own loops, but every array float32 (Float32Array, as tfjs or a careless solution stores them).
    const instructor = readNotebook(path.join(DIR, "a2-pool-bn.instructor.ipynb"));
    const float32 = {
      ...instructor,
      cells: instructor.cells
        .filter((c) => !(c.metadata.cnnlab as { grade?: { hidden?: boolean } } | undefined)?.grade?.hidden)
        .map((c) => (c.cell_type === "code" && /BEGIN SOLUTION/.test(cellSource(c)) ? { ...c, source: splitLines(cellSource(c).replace(/"float64"/g, '"float32"')) } : c)),
    };
    expect(float32.cells.map(cellSource).join("\n")).toContain('R.zeros([N, outH, outW, C], "float32")');
    const r = await grade("a2-pool-bn", "shortcut-a2", { viatf: studentWith("a2-pool-bn", viaTf), float32 });
    expect(r.problems).toEqual([]);
    grades = r.grades;
  });

  it("tf.maxPool, tf.moments, tf.batchNorm and their gradients score 0 on every test, and the feedback says why", () => {
    const g = grades.viatf;
    expect(g.tests.map((t) => [t.id, t.earned])).toEqual(g.tests.map((t) => [t.id, 0]));
    expect(g.earned).toBe(0);
    // A visible test shows the error: the sandbox of a by-hand assignment has no TensorFlow.js.
    // (Its first use of tfjs, tf.tensor, already throws.)
    expect(g.tests.find((t) => t.id === "pool_forward_by_hand")!.explanation).toMatch(new RegExp(`Error: tf\\.\\w+ is ${BLOCKED}`));
  });

  it("the same loops in float32 score 0 too (the float64 rule: 1e-9 on inputs float32 cannot hold)", () => {
    const g = grades.float32;
    expect(g.tests.map((t) => [t.id, t.earned])).toEqual(g.tests.map((t) => [t.id, 0]));
  });
});

suite("a5-conv-arithmetic: tfjs's size helpers, layers and internals are no shortcut", () => {
  jest.setTimeout(900_000);
  let grades: Record<string, Graded>;
  /** The tests of the functions answered through tfjs (receptive fields, which tfjs does not compute, are written by hand). */
  const SHORTCUT_TESTS = ["output_size_deck", "output_size_invalid", "output_size_hidden", "same_padding", "same_padding_hidden", "conv_params", "conv_params_hidden", "layer_shapes", "layer_shapes_hidden"];

  beforeAll(async () => {
    const receptive = `
function receptiveField(layers: { kernel: number; stride?: number }[]): number {
  let r = 1, jump = 1;
  for (const { kernel, stride = 1 } of layers) { r += (kernel - 1) * jump; jump *= stride; }
  return r;
}
`;
    // tf.backend_util's conv geometry for sizes and padding, a tf.layers conv layer for parameters, a tf.sequential for shapes.
    const helpers = `
import * as tf from "@tensorflow/tfjs";
type Pad = number | "valid" | "same";
function outputSize(input: number, kernel: number, stride = 1, pad: Pad = 0): number {
  return tf.backend_util.computeConv2DInfo([1, input, input, 1], [kernel, kernel, 1, 1], stride, pad as any).outHeight;
}
function samePadding(input: number, kernel: number, stride = 1) {
  const p = tf.backend_util.computeConv2DInfo([1, input, input, 1], [kernel, kernel, 1, 1], stride, "same").padInfo;
  return { before: p.top, after: p.bottom };
}
function convParams(kernel: number | [number, number], inChannels: number, filters: number, bias = true): number {
  const layer = tf.layers.conv2d({ kernelSize: kernel, filters, useBias: bias });
  layer.build([null, 32, 32, inChannels]);
  return layer.countParams();
}
function layerShapes(input: [number, number, number], layers: any[]) {
  const model = tf.sequential({ layers: layers.map((l: any, k: number) => {
    const first = k === 0 ? { inputShape: input } : {};
    return l.type === "conv"
      ? tf.layers.conv2d({ ...first, kernelSize: l.kernel, filters: l.filters, strides: l.stride ?? 1, padding: l.pad === "same" ? "same" : "valid" })
      : tf.layers.maxPooling2d({ ...first, poolSize: l.size, strides: l.stride ?? l.size });
  }) });
  return model.layers.map((l: any) => l.outputShape.slice(1));
}
${receptive}`;
    // The same geometry from tfjs-core's own files, required by path (its conv_util module and its bundle).
    const internals = `
const convUtil = require("@tensorflow/tfjs-core/dist/ops/conv_util");
const core = require("@tensorflow/tfjs-core/dist/tf-core.node.js");
type Pad = number | "valid" | "same";
function outputSize(input: number, kernel: number, stride = 1, pad: Pad = 0): number {
  return convUtil.computeConv2DInfo([1, input, input, 1], [kernel, kernel, 1, 1], stride, pad).outHeight;
}
function samePadding(input: number, kernel: number, stride = 1) {
  const p = core.backend_util.computePool2DInfo([1, input, input, 1], kernel, stride, 1, "same").padInfo;
  return { before: p.top, after: p.bottom };
}
function convParams(kernel: number | [number, number], inChannels: number, filters: number, bias = true): number {
  const [fh, fw] = typeof kernel === "number" ? [kernel, kernel] : kernel;
  return core.util.sizeFromShape([fh, fw, inChannels, filters]) + (bias ? filters : 0);
}
function layerShapes(input: [number, number, number], layers: any[]) {
  let [H, W, C] = input;
  return layers.map((l: any) => {
    const info = l.type === "conv"
      ? convUtil.computeConv2DInfo([1, H, W, C], [l.kernel, l.kernel, C, l.filters], l.stride ?? 1, l.pad ?? 0)
      : convUtil.computePool2DInfo([1, H, W, C], l.size, l.stride ?? l.size, 1, "valid");
    [H, W, C] = [info.outHeight, info.outWidth, info.outChannels];
    return [H, W, C];
  });
}
${receptive}`;
    const r = await grade("a5-conv-arithmetic", "shortcut-a5", { helpers: studentWith("a5-conv-arithmetic", helpers), internals: studentWith("a5-conv-arithmetic", internals) });
    expect(r.problems).toEqual([]);
    grades = r.grades;
  });

  it.each(["helpers", "internals"])("%s: every test answered through tfjs scores 0; the receptive fields written by hand still score", (who) => {
    const g = grades[who];
    expect(g.tests.filter((t) => SHORTCUT_TESTS.includes(t.id)).map((t) => [t.id, t.earned])).toEqual(SHORTCUT_TESTS.map((id) => [id, 0]));
    expect(g.tests.filter((t) => t.id.startsWith("receptive_field")).map((t) => t.status)).toEqual(["passed", "passed"]);
  });

  it("the feedback says why: tfjs is not available while grading this assignment", () => {
    expect(grades.helpers.tests.find((t) => t.id === "output_size_deck")!.explanation).toContain(`tf.backend_util is ${BLOCKED}`);
    expect(grades.helpers.tests.find((t) => t.id === "conv_params")!.explanation).toContain(`tf.layers is ${BLOCKED}`);
    expect(grades.internals.tests.find((t) => t.id === "output_size_deck")!.explanation).toContain(BLOCKED);
  });
});
