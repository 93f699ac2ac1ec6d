/** notebooks/10-resnet.ipynb in quick mode: residual blocks, ResNet-18/34/50 counts, ResNet-20, plain vs residual. */
import type { NotebookRun } from "./harness";
import { chartCount, lastJson, tableCount } from "./cell-outputs";
import { errorOutputs, runCourseNotebook } from "./course-outputs";

let run: NotebookRun;
beforeAll(async () => {
  run = await runCourseNotebook("10-resnet");
}, 300_000);

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

  it("trains ResNet-20 (272,474 parameters for 3 channels; 272,186 for 1) and its training loss falls", () => {
    const r = lastJson(run, "resnet20");
    expect(r.params).toBe(r.channels === 3 ? 272474 : 272474 - 16 * 9 * 2);
    expect(r.lastLoss).toBeLessThan(r.firstLoss);
    if (r.channels === 1) expect(run.text("resnet20")).toMatch(/CIFAR-10 is not available/);
    expect(chartCount(run, "resnet20")).toBe(1);
  });

  it("plain vs residual twins: same parameters, the gradient reaches the stem only through the shortcuts", () => {
    const { plain, residual } = lastJson(run, "plain-vs-residual").results;
    expect(plain.params).toBe(residual.params);
    expect(residual.stemGradNorm).toBeGreaterThan(1000 * plain.stemGradNorm);
    expect(chartCount(run, "plain-vs-residual")).toBe(1);
    expect(tableCount(run, "plain-vs-residual")).toBe(1);
  });
});
