/** notebooks/10-resnet.ipynb in quick mode: residual blocks, ResNet-18/34/50 counts, BN momentum conventions, ResNet-20, plain vs residual. */
import type { NotebookRun } from "./harness";
import { chartCount, lastJson, tableCount } from "./cell-outputs";
import { errorOutputs, itEndsEverySectionWithExercises, itMeetsCourseStandards, runCourseNotebook } from "./course-outputs";

let run: NotebookRun;
beforeAll(async () => {
  run = await runCourseNotebook("10-resnet");
}, 600_000);

interface Twin { network: string; residual: boolean; weightLayers: number; params: number; finalLoss: number; valAccuracy: number }

describe("10-resnet (quick mode)", () => {
  it("runs every cell without an error output", () => {
    expect(errorOutputs(run)).toEqual([]);
  });

  it("basic and bottleneck blocks: identity shortcut keeps the shape, projection halves the map", () => {
    const rows = lastJson(run, "blocks").blocks;
    expect(rows.map((r: Record<string, string>) => [r.block, r.output, r.shortcut.split(" ")[0]])).toEqual([
      ["basic_identity", "16×16×64", "identity"],
      ["basic_projection", "8×8×128", "projection"],
      ["bottleneck_identity", "16×16×256", "identity"],
      ["bottleneck_projection", "8×8×512", "projection"],
    ]);
    // Basic identity block: two 3x3x64x64 convs (no bias) + two BNs of 64 channels (γ, β, mean, variance).
    expect(rows[0].parameters).toBe(2 * 3 * 3 * 64 * 64 + 2 * 4 * 64);
  });

  it("a block with a zero residual branch is the identity on non-negative inputs", () => {
    expect(lastJson(run, "identity").identityError).toBeLessThan(1e-6);
  });

  it.each([
    ["resnet18", 18, 11689512],
    ["resnet34", 34, 21797672],
    ["resnet50", 50, 25557032],
  ])("%s: %d weight layers, %d trainable parameters", (model, layers, params) => {
    const row = lastJson(run, "resnet-table").rows.find((r: Record<string, unknown>) => r.model === model);
    expect(row["weight layers"]).toBe(layers);
    expect(row.parameters).toBe(params);
  });

  it("momentum conventions: PyTorch 0.1 = Keras 0.9 moves the running mean ten times faster than Keras 0.99", () => {
    const m = lastJson(run, "momentum");
    expect(m.resnetMomentum).toBeCloseTo(0.9, 10);
    const row = (n: number) => m.momentumRows.find((r: Record<string, number>) => r.steps === n);
    // After n steps towards 1 from 0 the running mean is 1 − momentum^n.
    expect(row(10)["PyTorch momentum=0.1 (Keras 0.9)"]).toBeCloseTo(1 - 0.9 ** 10, 4);
    expect(row(10)["Keras momentum=0.99 (PyTorch 0.01)"]).toBeCloseTo(1 - 0.99 ** 10, 4);
    expect(run.stdout("momentum")).toMatch(/momentum=0\.1 in PyTorch's/);
  });

  itMeetsCourseStandards(() => run, "10-resnet");
  itEndsEverySectionWithExercises(() => run, "10-resnet");

  it("trains ResNet-20 on CIFAR-10 or, offline, on MNIST and says which; quick mode reaches a usable accuracy (validation and test)", () => {
    const r = lastJson(run, "resnet20");
    expect(r.params).toBe(r.channels === 3 ? 272474 : 272474 - 16 * 9 * 2);
    expect(run.stdout("resnet20")).toContain(`data: ${r.dataName}`);
    if (r.channels === 1) expect(run.text("resnet20")).toMatch(/CIFAR-10 is not in the cache and could not be downloaded here .*using MNIST/);
    expect(r.lastLoss).toBeLessThan(r.firstLoss);
    // Quick mode still teaches: two epochs on a small sample give a usable classifier, not just "above chance" —
    // on digits well over half right (chance: 10%); on CIFAR-10, a much harder task for so short a run, over twice chance.
    const floor = r.channels === 1 ? 0.6 : 0.2;
    expect(r.valAccuracy).toBeGreaterThan(floor);
    expect(r.testAccuracy).toBeGreaterThan(floor);
    expect(chartCount(run, "resnet20")).toBe(1);
  });

  it("plain vs residual, same He initialisation: the deeper plain net trains worse than the shallower one, its residual twin does not", () => {
    const results = lastJson(run, "plain-vs-residual").results as Twin[];
    const find = (residual: boolean, layers: number) => results.find((r) => r.residual === residual && r.weightLayers === layers) as Twin;
    const [shallow, deep] = [...new Set(results.map((r) => r.weightLayers))].sort((a, b) => a - b);
    expect(deep).toBeGreaterThan(shallow);
    // Identity shortcuts add no parameters.
    expect(find(true, deep).params).toBe(find(false, deep).params);
    expect(find(false, deep).finalLoss).toBeGreaterThan(find(false, shallow).finalLoss);
    expect(find(true, deep).finalLoss).toBeLessThan(find(true, shallow).finalLoss);
    expect(find(true, deep).finalLoss).toBeLessThan(find(false, deep).finalLoss);
    // Every net learns something: training loss below chance (ln 10).
    for (const r of results) expect(r.finalLoss).toBeLessThan(Math.log(10));
    expect(find(true, deep).valAccuracy).toBeGreaterThan(0.5);
    expect(chartCount(run, "plain-vs-residual")).toBe(1);
    expect(tableCount(run, "plain-vs-residual")).toBe(1);
  });

  it("its references name He et al.'s paper", () => {
    const md = run.notebook.cells.filter((c) => c.cell_type === "markdown").map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source)).join("\n");
    expect(md).toMatch(/Deep Residual Learning for Image Recognition/);
  });
});
