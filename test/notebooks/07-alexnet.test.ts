/** notebooks/07-alexnet.ipynb in quick mode: AlexNet's size, LRN, dropout, pooling, augmentation, training, neighbours. */
import { describeFailure, runNotebookForTest, type NotebookRun } from "./harness";
import { chartCount, imageCount, lastJson, tableCount } from "./cell-outputs";
import { errorOutputs, itEndsEverySectionWithExercises, itMeetsCourseStandards, NOTEBOOKS_DIR } from "./course-outputs";

let run: NotebookRun;
beforeAll(async () => {
  // Generous limits: the tests check what the notebook shows, not how fast a loaded machine runs it.
  run = await runNotebookForTest(`${NOTEBOOKS_DIR}/07-alexnet.ipynb`, { cellTimeoutS: 1200 });
  if (!run.result.ok) throw new Error(`07-alexnet: ${describeFailure(run)}`);
}, 3_600_000);

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

  it("one tower 62,378,344 vs the paper's two towers 60,965,224 (grouped C2, C4, C5)", () => {
    const { rows, oneTower, twoTowers } = lastJson(run, "groups");
    expect(oneTower).toBe(lastJson(run, "alexnet-table").totalParams);
    // Independent count: conv1, conv2/2, conv3, conv4/2, conv5/2, fc6, fc7, fc8.
    const grouped = (11 * 11 * 3 * 96 + 96) + (5 * 5 * 48 * 256 + 256) + (3 * 3 * 256 * 384 + 384) + (3 * 3 * 192 * 384 + 384) +
      (3 * 3 * 192 * 256 + 256) + (9216 * 4096 + 4096) + (4096 * 4096 + 4096) + (4096 * 1000 + 1000);
    expect(twoTowers).toBe(grouped);
    expect(twoTowers).toBe(60965224);
    expect(rows.find((r: { layer: string }) => r.layer === "conv3").groups).toBe(1);
    expect(tableCount(run, "groups")).toBe(1);
  });

  it("shows augmented digits (2048 crop/mirror variants)", () => {
    expect(lastJson(run, "augmentation")).toEqual({ variants: 2048, gridShape: [24, 28, 28, 1] });
    expect(imageCount(run, "augmentation")).toBe(1);
  });

  it("says which data it trained on; early stopping keeps the best validation epoch; the test set gives top-1 and top-5 error", () => {
    const t = lastJson(run, "train-small");
    expect(["CIFAR-10", "MNIST"]).toContain(t.data);
    // Falling back, it says what happened: no connection, the server's HTTP error, or a checksum mismatch naming the file.
    expect(run.text("train-small")).toMatch(t.data === "MNIST"
      ? /data: MNIST digits \(CIFAR-10 could not be downloaded here: (no connection to \S+|the server \S+ answered HTTP \d+|checksum mismatch for [\w.-]+)\), \d+ training and \d+ test images/
      : /data: CIFAR-10, /);
    expect(t.bestValAccuracy).toBe(Math.max(...t.valAccuracies));
    expect(t.valAccuracies[t.bestEpoch - 1]).toBe(t.bestValAccuracy);
    expect(chartCount(run, "train-small")).toBe(1);
    const e = lastJson(run, "test");
    expect(e.data).toBe(t.data);
    expect(e.top1Error).toBeCloseTo(1 - e.testAccuracy, 10);
    expect(e.top5Error).toBeLessThanOrEqual(e.top1Error);
    expect(e.top1Error).toBeLessThan(0.9);                  // better than chance (10 classes)
    if (t.data === "MNIST") expect(e.testAccuracy).toBeGreaterThan(0.8);
    expect(run.text("test")).toMatch(/top-1 error \d+\.\d\d%, top-5 error \d+\.\d\d%/);
  });

  it("shows first-layer filters and a query + 5 neighbours grid, neighbours mostly of the query's class", () => {
    expect(imageCount(run, "filters")).toBe(1);
    const n = lastJson(run, "neighbours");
    expect(n.total).toBe(20);
    expect(n.featureShape[1]).toBe(512);
    expect(n.sameClass).toBeGreaterThanOrEqual(lastJson(run, "train-small").data === "MNIST" ? 10 : 4);
    expect(imageCount(run, "neighbours")).toBe(1);
  });

  it("maximally activating patches for conv1–3, one grid per layer, receptive fields growing with depth (3, 13, 25)", () => {
    const { layers, fields } = lastJson(run, "hierarchy");
    expect(layers).toEqual(["conv1", "conv2", "conv3"]);
    expect(fields).toEqual([3, 13, 25]);
    expect(imageCount(run, "hierarchy")).toBe(3);
  });

  itMeetsCourseStandards(() => run, "07-alexnet");
  itEndsEverySectionWithExercises(() => run, "07-alexnet");

  it("says whether the full AlexNet ran (GPU) or why not", () => {
    const { gpu } = lastJson(run, "full-alexnet");
    expect(run.text("full-alexnet")).toMatch(gpu ? /images\/s/ : /has no GPU/);
  });
});
