/** notebooks/13-adversarial-examples.ipynb in quick mode: FGSM, PGD, accuracy against ε, adversarial training. */
import type { NotebookRun } from "./harness";
import { chartCount, imageCount, lastJson, tableCount } from "./cell-outputs";
import { errorOutputs, itMeetsCourseStandards, runCourseNotebook } from "./course-outputs";

let run: NotebookRun;
beforeAll(async () => {
  run = await runCourseNotebook("13-adversarial-examples");
}, 900_000);

const nonIncreasing = (xs: number[]) => xs.every((v, i) => i === 0 || v <= xs[i - 1] + 1e-9);

describe("13-adversarial-examples (quick mode)", () => {
  it("runs every cell without an error output", () => {
    expect(errorOutputs(run)).toEqual([]);
  });

  it("trains a LeNet that classifies most test digits", () => {
    expect(lastJson(run, "train").cleanAccuracy).toBeGreaterThan(0.9);
  });

  it("FGSM changes no pixel by more than ε and shows digits, changes and attacked digits", () => {
    const f = lastJson(run, "fgsm");
    expect(f.maxChange).toBeLessThanOrEqual(0.15 + 1e-6);
    expect(f.maxChange).toBeGreaterThan(0.1);
    expect(imageCount(run, "fgsm")).toBe(3);
  });

  it("accuracy falls as ε grows; at ε = 0 both attacks give the clean accuracy; PGD is at least as strong as FGSM", () => {
    const c = lastJson(run, "curves");
    expect(c.epsilons[0]).toBe(0);
    expect(c.fgsm[0]).toBeCloseTo(lastJson(run, "train").cleanAccuracy, 10);
    expect(c.pgd[0]).toBeCloseTo(c.fgsm[0], 10);
    expect(nonIncreasing(c.pgd)).toBe(true);
    expect(c.fgsm[c.fgsm.length - 1]).toBeLessThan(c.fgsm[0] - 0.3);
    const strongerOrEqual = c.pgd.filter((p: number, i: number) => p <= c.fgsm[i] + 1e-9).length;
    expect(strongerOrEqual).toBe(c.pgd.length);
    expect(chartCount(run, "curves")).toBe(1);
    expect(tableCount(run, "curves")).toBe(1);
  });

  it("adversarial training raises accuracy under the attack it was trained on", () => {
    const c = lastJson(run, "curves");
    const a = lastJson(run, "adv-train");
    const at = c.epsilons.indexOf(a.epsTrain);
    expect(a.robustFgsm[at]).toBeGreaterThan(c.fgsm[at]);
    expect(a.robustClean).toBeGreaterThan(0.8);
    expect(chartCount(run, "adv-train")).toBe(1);
  });

  itMeetsCourseStandards(() => run, "13-adversarial-examples", ["Exercise 13.2", "Exercise 13.3"]);
});
