/** notebooks/12-what-cnns-see.ipynb in quick mode: a trained CNN's features, top patches, synthesised inputs, explanations, embeddings. */
import type { NotebookRun } from "./harness";
import { chartCount, imageCount, jsonLines, lastJson } from "./cell-outputs";
import { errorOutputs, itMeetsCourseStandards, runCourseNotebook } from "./course-outputs";

let run: NotebookRun;
beforeAll(async () => {
  run = await runCourseNotebook("12-what-cnns-see");
}, 600_000);

describe("12-what-cnns-see (quick mode)", () => {
  it("runs every cell without an error output", () => {
    expect(errorOutputs(run)).toEqual([]);
  });

  it("trains the three-layer CNN to a meaningful accuracy, validated on held-out training digits", () => {
    const t = lastJson(run, "train");
    expect(t.valAccuracy).toBeGreaterThan(0.9);
    expect(t.testAccuracy).toBeGreaterThan(0.9);
  });

  it("shows filters and the feature maps of all three layers", () => {
    expect(imageCount(run, "filters")).toBe(4);
  });

  it("crops top patches whose size is each layer's receptive field (3, 8, 18 px)", () => {
    expect(lastJson(run, "max-activating").fields).toEqual({ conv1: 3, conv2: 8, conv3: 18 });
    expect(imageCount(run, "max-activating")).toBe(9);
  });

  it("activation maximisation raises every channel it targets", () => {
    const { gains } = lastJson(run, "activation-max");
    expect(gains).toHaveLength(8);
    for (const g of gains) expect(g).toBeGreaterThan(0);
    expect(imageCount(run, "activation-max")).toBe(1);
  });

  it("explains right and wrong predictions with saliency, Grad-CAM and occlusion", () => {
    const e = lastJson(run, "explain");
    expect(e.right).toBe(3);
    expect(e.wrong).toBeGreaterThanOrEqual(1);
    expect(imageCount(run, "explain")).toBe(4 * (e.right + e.wrong));
  });

  it("t-SNE keeps same-label neighbours more often than PCA, both drawn as charts", () => {
    const [pca, tsne] = jsonLines(run, "embedding");
    expect([pca.method, tsne.method]).toEqual(["pca", "tsne"]);
    expect(tsne.neighbourAgreement).toBeGreaterThan(pca.neighbourAgreement);
    expect(chartCount(run, "embedding")).toBe(2);
  });

  itMeetsCourseStandards(() => run, "12-what-cnns-see", ["Exercise 12.2", "Exercise 12.3", "Exercise 12.4"]);
});
