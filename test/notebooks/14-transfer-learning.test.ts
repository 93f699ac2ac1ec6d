/** notebooks/14-transfer-learning.ipynb in quick mode: digits 0–4 → 5–9, scratch vs frozen vs fine-tuned, save and load. */
import type { NotebookRun } from "./harness";
import { chartCount, lastJson } from "./cell-outputs";
import { errorOutputs, itMeetsCourseStandards, runCourseNotebook } from "./course-outputs";

let run: NotebookRun;
beforeAll(async () => {
  run = await runCourseNotebook("14-transfer-learning");
}, 900_000);

describe("14-transfer-learning (quick mode)", () => {
  it("runs every cell without an error output", () => {
    expect(errorOutputs(run)).toEqual([]);
  });

  it("the source network learns its task", () => {
    expect(lastJson(run, "source").sourceAccuracy).toBeGreaterThan(0.95);
  });

  it("a model reloaded through file:// and through saveModel gives exactly the same outputs", () => {
    expect(lastJson(run, "save-load")).toEqual({ reloadDiff: 0, saveModelDiff: 0 });
  });

  it("with the fewest target examples, reusing the source network beats training from scratch; more data helps scratch", () => {
    const { perClass, results } = lastJson(run, "transfer");
    expect(perClass.length).toBeGreaterThanOrEqual(3);
    const n = perClass.length - 1;
    expect(Math.max(results.frozen[0], results["fine-tuned"][0])).toBeGreaterThan(results.scratch[0]);
    expect(results.scratch[n]).toBeGreaterThan(results.scratch[0]);
    for (const method of ["scratch", "frozen", "fine-tuned"]) for (const acc of results[method]) expect(acc).toBeGreaterThan(0.4);
    expect(chartCount(run, "transfer")).toBe(1);
  });

  itMeetsCourseStandards(() => run, "14-transfer-learning", ["Exercise 14.2", "Exercise 14.3"]);
});
