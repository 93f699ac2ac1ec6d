/** notebooks/08-vgg-nin-googlenet.ipynb: VGG A–E parameters, 3x3 stacks, NiN, Inception, the 1x1 bottleneck, GAP, auxiliary heads, MobileNet. */
import { cellSource } from "../../lib/notebook/io";
import type { NotebookRun } from "./harness";
import { chartCount, lastJson, tableCount } from "./cell-outputs";
import { errorOutputs, itMeetsCourseStandards, runCourseNotebook } from "./course-outputs";

let run: NotebookRun;
beforeAll(async () => {
  run = await runCourseNotebook("08-vgg-nin-googlenet");
}, 300_000);

describe("08-vgg-nin-googlenet (quick mode)", () => {
  it("runs every cell without an error output and leaves no tensor behind", () => {
    expect(errorOutputs(run)).toEqual([]);
    expect(run.stdout("elapsed")).toMatch(/tensors left: 0\n/);
  });

  // Simonyan & Zisserman table 2 (millions, rounded): 133 133 133 134 138 144; VGG-16 exactly 138,357,544.
  it.each([
    ["A", 11, 133],
    ["A-LRN", 11, 133],
    ["B", 13, 133],
    ["C", 16, 134],
    ["D", 16, 138],
    ["E", 19, 144],
  ])("VGG configuration %s: %d weight layers, %dM parameters", (config, layers, millions) => {
    const t = lastJson(run, "vgg-table");
    const k = ["A", "A-LRN", "B", "C", "D", "E"].indexOf(config);
    expect(t.weightLayers[k]).toBe(layers);
    expect(Math.round(t.params[config] / 1e6)).toBe(millions);
  });

  it("VGG-16 has 138,357,544 parameters, counted and built, 102,764,544 in its first dense layer; models are disposed", () => {
    const t = lastJson(run, "vgg-table");
    expect(t.params.D).toBe(138357544);
    expect(t.builtD).toBe(138357544);
    expect(t.tensorsAfter).toBe(0);
    expect(lastJson(run, "vgg-fc").fc1).toBe(7 * 7 * 512 * 4096 + 4096);
    expect(tableCount(run, "vgg-table")).toBe(1);
    expect(chartCount(run, "vgg-fc")).toBe(1);
  });

  it("N stacked 3x3 layers see 2N+1 pixels; 27C² vs 49C² weights", () => {
    expect(lastJson(run, "receptive-field")).toEqual({ spread: [3, 5, 7], rf: [3, 5, 7] });
    const units = lastJson(run, "stack-params").rows.map((r: Record<string, number>) => r["in units of C²"]);
    expect(units).toEqual([18, 25, 27, 49]);
  });

  it("a 1x1 convolution is a matrix product over channels; NiN ends in global average pooling with no dense layer", () => {
    const n = lastJson(run, "nin");
    expect(n.diff).toBeLessThan(1e-4);
    expect(n.ninDense).toBe(0);
    expect(n.lastLayers[n.lastLayers.length - 1]).toBe("GlobalAveragePooling2D");
  });

  it("Inception 3a outputs 64+128+32+32 = 256 channels; the nine modules' channels match the paper", () => {
    const i = lastJson(run, "inception");
    expect(i.out3a).toEqual([28, 28, 256]);
    expect(i.inceptionRows.map((r: Record<string, number>) => r["output channels"])).toEqual([256, 480, 512, 512, 512, 528, 832, 832, 1024]);
    expect(i.googlenetParams).toBeLessThan(62378344 / 8);
  });

  it("the 1x1 bottleneck: 112.9M vs 1.5M + 3.8M = 5.3M multiply-adds", () => {
    const c = lastJson(run, "bottleneck");
    expect(c.direct).toBe(14 * 14 * 48 * 5 * 5 * 480);
    expect((c.direct / 1e6).toFixed(1)).toBe("112.9");
    expect((c.reduce / 1e6).toFixed(1)).toBe("1.5");
    expect((c.conv / 1e6).toFixed(1)).toBe("3.8");
    expect((c.total / 1e6).toFixed(1)).toBe("5.3");
  });

  it("global average pooling has 0 weights against 7·7·1024·1024", () => {
    expect(lastJson(run, "gap")).toEqual({ denseAfterFlatten: 51380224, gapShape: [1, 1024], gapParams: 0 });
  });

  it("GoogLeNet's auxiliary heads: the paper's layers on 4a (512 ch) and 4d (528 ch), dropped at inference", () => {
    const a = lastJson(run, "aux");
    const head = (channels: number) => channels * 128 + 128 + (4 * 4 * 128 * 1024 + 1024) + (1024 * 1000 + 1000);
    expect(a.auxRows.map((r: Record<string, number>) => r.parameters)).toEqual([head(512), head(528)]);
    expect(a.trainingParams).toBe(a.deployedParams + head(512) + head(528));
    expect(a.outputs).toBe(3);
    expect(a.tensorsLeaked).toBe(0);
    expect(tableCount(run, "aux")).toBe(1);
  });

  it("depthwise separable 3x3, 32 → 64 on 112x112: far fewer parameters and multiply-adds, ratio 1/N + 1/K²; equal to depthwise then pointwise", () => {
    const s = lastJson(run, "separable");
    const [standard, separable] = s.rows;
    expect(standard.parameters).toBe(3 * 3 * 32 * 64);
    expect(separable.parameters).toBe(3 * 3 * 32 + 32 * 64);
    expect(standard["multiply-adds"]).toBe(112 * 112 * 3 * 3 * 32 * 64);
    expect(separable["multiply-adds"]).toBeLessThan(standard["multiply-adds"]);
    expect(s.ratio).toBeCloseTo(1 / 64 + 1 / 9, 12);
    expect(s.sepDiff).toBeLessThan(1e-4);
  });

  itMeetsCourseStandards(() => run, "08-vgg-nin-googlenet", ["Exercise 8.1", "Exercise 8.2", "Exercise 8.3", "Exercise 8.4", "Exercise 8.6"]);

  it("its references name the papers", () => {
    const references = run.notebook.cells.map((c) => cellSource(c)).find((text) => text.startsWith("## References")) ?? "";
    for (const paper of ["Very Deep Convolutional Networks", "Network In Network", "Going Deeper with Convolutions", "MobileNets"]) expect(references).toContain(paper);
  });
});
