/** notebooks/02-conv-arithmetic.ipynb in quick mode: sizes, parameter counts and receptive fields of the decks, recorded by cell tag; its exercises pass with the solutions in. */
import * as path from "path";
import { describeFailure, PACKAGE_ROOT, runNotebookForTest, type NotebookRun } from "./harness";
import { itEndsEverySectionWithExercises, itMeetsCourseStandards } from "./course-outputs";
import { cellsWithStderr, chartCount, imageCount, lastJson, tableCount } from "./cell-outputs";

let run: NotebookRun;

beforeAll(async () => {
  run = await runNotebookForTest(path.join(PACKAGE_ROOT, "notebooks/02-conv-arithmetic.ipynb"));
}, 600_000); // a slow shared machine can take minutes; the cells have their own timeouts

describe("02-conv-arithmetic notebook", () => {
  it("runs every cell without error or warning", () => {
    expect(describeFailure(run)).toBe("ok");
    expect(cellsWithStderr(run)).toEqual([]);
  });

  it("7×7 input, 3×3 filter (Slovak deck): stride 1 → 5, 2 → 3, 3 does not fit (error shown), pad 1 → 7", () => {
    const rows = lastJson(run, "size-7x7").rows as { S: number; P: number; output: string }[];
    expect(rows.map((r) => [r.S, r.P, r.output])).toEqual([[1, 0, "5"], [2, 0, "3"], [3, 0, "error"], [1, 1, "7"]]);
    expect(run.text("size-7x7")).toMatch(/stride 3: outputSize: .*2\.33 is not an integer/);
  });

  it("draws the 7×7 configurations with the conv explorer", () => {
    const html = run.outputs("explorer-7x7").filter((o) => o.output_type === "display_data");
    expect(html).toHaveLength(4);
  });

  it("10×10 (Lesson 08): stride 1 → 8, stride 3 → 3.33 floored to 3 as tf.conv2d does, pad 1 stride 3 → 4", () => {
    const rows = lastJson(run, "size-10x10").rows as Record<string, number>[];
    expect(rows.map((r) => [r.S, r.P, r.formula, r["arith (floor)"], r["tf.conv2d"]])).toEqual([
      [1, 0, 8, 8, 8],
      [3, 0, 3.33, 3, 3],
      [3, 1, 4, 4, 4],
    ]);
  });

  it("valid shrinks 32 → 28 → 24 …; (F − 1)/2 padding keeps 32; same padding gives ⌈W/S⌉", () => {
    const j = lastJson(run, "valid-same");
    expect(j.validSizes.slice(0, 3)).toEqual([32, 28, 24]);
    expect(j.padRows.map((r: Record<string, number>) => [r.F, r["P = (F − 1)/2"], r["output of 32"]])).toEqual([[3, 1, 32], [5, 2, 32], [7, 3, 32]]);
    expect(j.sameStride.map((r: Record<string, number>) => r["same output of 32"])).toEqual([32, 16, 11]);
    expect(chartCount(run, "valid-same")).toBe(1);
  });

  it("32×32×3 with ten 5×5 filters, stride 1, pad 2 → 32×32×10 and 760 parameters, as tf.layers.conv2d", () => {
    const j = lastJson(run, "params-760");
    expect(j).toEqual({ output: [32, 32, 10], params: 760, formula: 760, tfOutput: [null, 32, 32, 10], tfParams: 760, tfKernelShape: [5, 5, 3, 10] });
  });

  it("kernel depth equals the input channels (Lesson 08)", () => {
    const rows = lastJson(run, "kernel-depth").rows as Record<string, string | number>[];
    expect(rows.map((r) => r["kernel shape [Fh, Fw, Cin, Cout]"])).toEqual(["[3,3,3,32]", "[5,5,32,16]"]);
    expect(rows.map((r) => r.params)).toEqual([(3 * 3 * 3 + 1) * 32, (5 * 5 * 32 + 1) * 16]);
  });

  it("neuron view (Slovak deck): 32×32×3 with five 5×5×3 filters → 28×28×5 neurons, 380 params vs 12M dense", () => {
    expect(lastJson(run, "neuron-view")).toEqual({ output: [28, 28, 5], params: 380, denseParams: (3072 + 1) * 28 * 28 * 5 });
  });

  it("dense vs conv: 8.1e9 vs 26 (Russian deck); three D×D layers and one output unit give the Spanish deck's 3D² + D", () => {
    const j = lastJson(run, "dense-vs-conv");
    expect(j.dense300).toBe(8.1e9);
    expect(j.conv300).toBe(26);
    expect(j.spanish).toBe(3146752);
    expect(j.spanishFormula).toBe(j.spanish);
    expect(j.spanishWithBias).toBe(3146752 + 3 * 1024 + 1);
  });

  it("receptive field 2N + 1 for N 3×3 layers; 150 layers for a 300-pixel cat (Russian deck)", () => {
    const j = lastJson(run, "receptive-field");
    expect(j.plain).toEqual(Array.from({ length: 12 }, (_, k) => 2 * (k + 1) + 1));
    expect(j.layersFor300).toBe(150);
    for (let k = 2; k < 12; k++) expect(j.withPool[k]).toBeGreaterThan(j.plain[k]);
    expect(chartCount(run, "receptive-field")).toBe(1);
  });

  it("dilation D: a 3×3 kernel spans 2D + 1, and tf.conv2d agrees on the output size", () => {
    const rows = lastJson(run, "dilation").rows as Record<string, number>[];
    expect(rows.map((r) => [r.D, r["spans (F − 1)D + 1"], r["output of 15"], r["tf.conv2d"]])).toEqual([[1, 3, 13, 13], [2, 5, 11, 11], [3, 7, 9, 9]]);
  });

  it("1×1 convolution = a dense layer per pixel: 56×56×32, 2080 parameters", () => {
    const j = lastJson(run, "one-by-one");
    expect(j.output).toEqual([56, 56, 32]);
    expect(j.params).toBe(2080);
    expect(j.maxAbsDiffConvVsMatmul).toBeLessThan(1e-4);
  });

  it("conv and pooling layer summaries (Slovak deck's common settings)", () => {
    expect(tableCount(run, "summaries")).toBe(2);
    const j = lastJson(run, "summaries");
    expect(j.convSummary.map((r: Record<string, string | number>) => [r.output, r.params])).toEqual([
      ["32×32×32", 896], ["32×32×32", 2432], ["15×15×32", 2432], ["32×32×32", 128],
    ]);
    expect(j.poolSummary.map((r: Record<string, string | number>) => [r.output, r.params])).toEqual([["112×112×64", 0], ["27×27×96", 0]]);
  });

  it("valid padding: a corner pixel is in 1 window, the centre in 9; same: 4 vs 9 — loop and gradient agree", () => {
    expect(lastJson(run, "border")).toEqual({ valid: { corner: 1, "edge middle": 3, centre: 9 }, same: { corner: 4, "edge middle": 6, centre: 9 }, countsAgree: true });
    expect(chartCount(run, "border")).toBe(2);
  });

  it("one network with global average pooling takes three image sizes; an MLP refuses another size", () => {
    const j = lastJson(run, "any-size");
    expect(j.shapes.map((r: Record<string, string>) => [r["conv2 output"], r["network output"]])).toEqual([
      ["[1,14,14,16]", "[1,10]"], ["[1,20,28,16]", "[1,10]"], ["[1,8,16,16]", "[1,10]"],
    ]);
    expect(j.params).toBe((9 + 1) * 8 + (9 * 8 + 1) * 16 + (16 + 1) * 10);
    expect(j.mlpRefuses).toBe(true);
  });

  it("global pooling: 51.3M weights saved (Polish deck) and the pooled features forget where a blob was", () => {
    const j = lastJson(run, "global-pooling");
    expect(j.gapDense).toBe(7 * 7 * 1024 * 1024);
    expect(j.gapShiftDiff).toBeLessThan(1e-5);
    expect(imageCount(run, "global-pooling")).toBe(1);
  });

  it("passport photos: an unshared layer has one kernel per output position", () => {
    expect(lastJson(run, "passport")).toEqual({ shared: 160, unshared: 160 * 62 * 62, positions: 62 * 62 });
  });

  itMeetsCourseStandards(() => run, "02-conv-arithmetic");
  itEndsEverySectionWithExercises(() => run, "02-conv-arithmetic");

  it("leaves no tensors behind and states its run time", () => {
    expect(run.text("runtime")).toMatch(/^notebook run time: \d+\.\d s; tensors alive: 0\n$/);
  });
});
