/**
 * The committed assignments, graded through `cnnlab grade` in quick mode (CNNLAB_QUICK=1): the
 * instructor solution scores 100% and the untouched student version 0%. Every assignment's section
 * headings carry its points, and they add up to its tests' points (contract A).
 */
import * as fs from "fs";
import * as path from "path";
import { assignmentSpec } from "../../lib/grading/spec";
import { cellSource, readNotebook } from "../../lib/notebook/io";
import { cnnlab, freshDir, noSandboxReason, PACKAGE_ROOT } from "./fixtures";

const DIR = path.join(PACKAGE_ROOT, "notebooks", "assignments");
const ALL = fs.readdirSync(DIR).filter((f) => f.endsWith(".instructor.ipynb")).map((f) => f.replace(/\.instructor\.ipynb$/, "")).sort();
const GRADED = ["a1-conv", "a2-pool-bn", "a3-lenet"];
const noSandbox = noSandboxReason();
if (noSandbox) console.warn(`skipping the grading runs of the assignments: ${noSandbox}`);

it.each(ALL)("%s: the points in the section headings add up to the points of its tests", (name) => {
  const file = path.join(DIR, `${name}.instructor.ipynb`);
  const nb = readNotebook(file);
  const spec = assignmentSpec(nb, file, name);
  const headings = nb.cells.filter((c) => c.cell_type === "markdown").flatMap((c) => [...cellSource(c).matchAll(/^##\s.*\((\d+(?:\.\d+)?) points?\)\s*$/gm)].map((m) => Number(m[1])));
  expect(headings.length).toBeGreaterThan(0);
  expect(headings.reduce((a, b) => a + b, 0)).toBe(spec.tests.reduce((a, t) => a + t.points, 0));
});

(noSandbox ? describe.skip : describe).each(GRADED)("%s graded by cnnlab grade", (name) => {
  let report: { instructorProblems: string[]; grades: Array<{ student: string; earned: number; percent: number; cellProblems: unknown[]; tests: Array<{ id: string; status: string; explanation: string }> }> };
  let work: string;
  let run: { code: number | null; stderr: string };

  beforeAll(async () => {
    work = freshDir(name);
    const subs = path.join(work, "submissions");
    fs.mkdirSync(subs);
    fs.copyFileSync(path.join(DIR, `${name}.instructor.ipynb`), path.join(subs, "solution.ipynb"));
    fs.copyFileSync(path.join(DIR, `${name}.ipynb`), path.join(subs, "untouched.ipynb"));
    run = await cnnlab(["grade", "submissions", "--instructor", DIR, "--assignment", name, "--out", "out", "--quick", "-j", "2"], work);
    report = JSON.parse(fs.readFileSync(path.join(work, "out", "grades.json"), "utf8"));
  }, 900_000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("the instructor solution scores 100%", () => {
    expect(run.stderr).not.toContain("fails its own tests");
    expect(run.code).toBe(0);
    expect(report.instructorProblems).toEqual([]);
    const solution = report.grades.find((g) => g.student === "solution")!;
    expect(solution.tests.filter((t) => t.status !== "passed").map((t) => `${t.id}: ${t.explanation}`)).toEqual([]);
    expect(solution.percent).toBe(100);
    expect(solution.cellProblems).toEqual([]);
  });

  it("the untouched student version scores 0%", () => {
    const student = report.grades.find((g) => g.student === "untouched")!;
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
