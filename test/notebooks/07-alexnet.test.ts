/** notebooks/07-alexnet.ipynb in quick mode: AlexNet's size, LRN, dropout, pooling, augmentation, training, neighbours. */
import type { NotebookRun } from "./harness";
import { chartCount, imageCount, lastJson, tableCount } from "./cell-outputs";
import { errorOutputs, runCourseNotebook } from "./course-outputs";

let run: NotebookRun;
beforeAll(async () => {
  run = await runCourseNotebook("07-alexnet");
}, 300_000);

/** LRN at one channel, written out independently of the notebook: b = a / (k + α Σ a_j²)^β over j = i−2 … i+2. */
function lrnByHand(a: number[], i: number): number {
  let s = 0;
  for (let j = Math.max(0, i - 2); j <= Math.min(a.length - 1, i + 2); j++) s += a[j] * a[j];
  return a[i] / Math.pow(2 + 1e-4 * s, 0.75);
}

describe("07-alexnet (quick mode)", () => {
  it("runs every cell without an error output", () => {
    expect(errorOutputs(run)).toEqual([]);
  });

  it("counts 62,378,344 parameters, 94% in the dense layers, and 55x55x96 after C1 on a 227 input", () => {
    const t = lastJson(run, "alexnet-table");
    expect(t.totalParams).toBe(62378344);
    expect(t.denseParams).toBe(9216 * 4096 + 4096 + 4096 * 4096 + 4096 + 4096 * 1000 + 1000);
    expect(t.c1From224).toBe(54.25);
    expect(t.c1From227).toBe(55);
    const out = Object.fromEntries(t.rows.map((r: { layer: string; output: string }) => [r.layer, r.output]));
    expect(out).toMatchObject({ conv1: "55×55×96", pool1: "27×27×96", conv2: "27×27×256", pool2: "13×13×256", conv3: "13×13×384", conv5: "13×13×256", pool5: "6×6×256", fc6: "4096" });
    expect(tableCount(run, "alexnet-table")).toBe(1);
  });

  it("LRN with k=2, n=5, α=1e-4, β=0.75: formula, R.lrnForward and tf agree with a hand computation (1e-5 relative)", () => {
    const { a, sums, b, bRef, bTf } = lastJson(run, "lrn");
    expect(sums).toEqual([1400, 3000, 5500, 9000, 13500, 12600, 11000]);
    a.forEach((_: number, i: number) => {
      const want = lrnByHand(a, i);
      for (const got of [b[i], bRef[i], bTf[i]]) expect(Math.abs(got - want) / want).toBeLessThan(1e-5);
    });
  });

  it("dropout keeps the expectation (inverted dropout scales kept units by 2)", () => {
    const { dropped, meanOverMany } = lastJson(run, "dropout");
    expect(new Set(dropped)).toEqual(new Set([0, 2]));
    expect(Math.abs(meanOverMany - 1)).toBeLessThan(0.02);
  });

  it("overlapping 3x3/2 pooling: the centre 9 wins all four windows; 2x2/2 ignores the last row", () => {
    const { overlap, plain, sizes } = lastJson(run, "pooling");
    expect(overlap).toEqual([[9, 9], [9, 9]]);
    expect(plain).toEqual([[5, 2], [4, 9]]);
    expect(sizes[0]).toEqual({ input: 55, "3×3 stride 2": 27, "2×2 stride 2": 27 });
  });

  it("shows augmented digits (2048 crop/mirror variants) and trains alexnet-small above chance", () => {
    expect(lastJson(run, "augmentation")).toEqual({ variants: 2048, gridShape: [24, 28, 28, 1] });
    expect(imageCount(run, "augmentation")).toBe(1);
    const t = lastJson(run, "train-small");
    expect(t.testAccuracy).toBeGreaterThan(0.3);
    expect(chartCount(run, "train-small")).toBe(1);
  });

  it("shows first-layer filters and a query + 5 neighbours grid, neighbours mostly of the query's class", () => {
    expect(imageCount(run, "filters")).toBe(1);
    const n = lastJson(run, "neighbours");
    expect(n.total).toBe(20);
    expect(n.featureShape[1]).toBe(512);
    expect(n.sameClass).toBeGreaterThanOrEqual(10);
    expect(imageCount(run, "neighbours")).toBe(1);
  });

  it("says whether the full AlexNet ran (GPU) or why not", () => {
    const { gpu } = lastJson(run, "full-alexnet");
    expect(run.text("full-alexnet")).toMatch(gpu ? /images\/s/ : /has no GPU/);
  });
});
