/**
 * The committed assignments, graded in quick mode (CNNLAB_QUICK=1): the instructor solution scores
 * 100% and the untouched student version 0%. The LeNet floors in its metadata are the ones its
 * hidden test applies.
 */
import * as fs from "fs";
import * as path from "path";
import { gradeSubmissions, type GradeReport } from "../../lib/grading/grade";
import { readNotebook } from "../../lib/notebook/io";
import { freshDir, PACKAGE_ROOT } from "./fixtures";

const DIR = path.join(PACKAGE_ROOT, "notebooks", "assignments");

describe.each(["a1-conv", "a2-pool-bn", "a3-lenet"])("%s", (name) => {
  let report: GradeReport;
  let work: string;

  beforeAll(async () => {
    work = freshDir(name);
    const solution = path.join(work, "solution.ipynb");
    fs.copyFileSync(path.join(DIR, `${name}.instructor.ipynb`), solution);
    report = await gradeSubmissions({
      instructor: path.join(DIR, `${name}.instructor.ipynb`),
      submissions: [solution, path.join(DIR, `${name}.ipynb`)],
      env: { CNNLAB_QUICK: "1" },
      concurrency: 3,
    });
  }, 600_000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("the instructor solution scores 100%", () => {
    expect(report.instructorProblems).toEqual([]);
    const [solution] = report.grades;
    expect(solution.tests.filter((t) => t.status !== "passed").map((t) => `${t.id}: ${t.explanation}`)).toEqual([]);
    expect(solution.percent).toBe(100);
    expect(solution.cellProblems).toEqual([]);
  });

  it("the untouched student version scores 0%", () => {
    const student = report.grades[1];
    expect(student.earned).toBe(0);
    expect(student.tests.every((t) => t.status === "failed")).toBe(true);
  });
});

it("a3-lenet: the quick and full floors in the hidden test's metadata are the ones it checks", () => {
  const nb = readNotebook(path.join(DIR, "a3-lenet.instructor.ipynb"));
  const cell = nb.cells.find((c) => (c.metadata.cnnlab as { grade?: { id: string } } | undefined)?.grade?.id === "lenet_heldout_accuracy")!;
  const { floors } = (cell.metadata.cnnlab as { grade: { floors: { quick: number[]; full: number[] } } }).grade;
  expect(floors.full[floors.full.length - 1]).toBe(0.98);
  const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
  expect(source.replace(/\s/g, "")).toContain(`pick(${JSON.stringify(floors.quick)},${JSON.stringify(floors.full)})`);
});
