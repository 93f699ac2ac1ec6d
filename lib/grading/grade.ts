/**
 * The autograder: runs the instructor notebook once (its checks give the expected values), then
 * each submission in its own sandboxed process (limited concurrency), and scores the tests.
 */
import * as fs from "fs";
import * as path from "path";
import { cellSource, readNotebook } from "../notebook/io";
import type { Notebook } from "../notebook/types";
import { packageRoot } from "../package-root";
import { executePlan, PlanResult, PlannedCell } from "./execute";
import { gradeTest, TestGrade } from "./score";
import { assignmentSpec, AssignmentSpec, cellTimeoutS, cnnlabMeta } from "./spec";

/** Arguments of gradeSubmissions. */
export interface GradeArgs {
  /** The instructor notebook (solutions and hidden tests). Required. */
  instructor: string;
  /** Submitted notebooks. Required, at least one. */
  submissions: string[];
  /** Environment for the notebook processes, e.g. { CNNLAB_QUICK: "1" }. Default: none added. */
  env?: Record<string, string>;
  /** Submissions graded at the same time. Default 2. */
  concurrency?: number;
  /** Overrides the assignment's total seconds per submission. Default: its metadata (600). */
  totalTimeoutS?: number;
  /** Overrides the assignment's heap limit, MiB. Default: its metadata (1536). */
  memoryMb?: number;
  /** Confine file access to the sandbox with Node's permission model. Default true. */
  confine?: boolean;
  /** Called as each submission is graded. Default: nothing. */
  onGraded?: (grade: SubmissionGrade) => void;
}

/** A code cell of the submission that did not run cleanly. */
export interface CellProblem {
  cellNumber: number;
  status: string;
  error: string;
  seconds: number;
}

export interface SubmissionGrade {
  assignment: string;
  /** The submitted file. */
  file: string;
  /** Its name without .ipynb, used as the student's key in the CSV. */
  student: string;
  earned: number;
  possible: number;
  /** earned / possible × 100, two decimals. */
  percent: number;
  tests: TestGrade[];
  cellProblems: CellProblem[];
  /** Seconds its cells and tests took in all. */
  seconds: number;
  notes: string[];
}

export interface GradeReport {
  assignment: string;
  instructor: string;
  /** What went wrong when the instructor solution itself ran (empty when it passes every test). */
  instructorProblems: string[];
  grades: SubmissionGrade[];
}

/** The instructor notebook for `--assignment`: a path, or a name under notebooks/assignments/. */
export function resolveInstructor(nameOrPath: string): string {
  if (nameOrPath.endsWith(".ipynb")) {
    if (!fs.existsSync(nameOrPath)) throw new Error(`--assignment: no such instructor notebook ${JSON.stringify(nameOrPath)}`);
    return nameOrPath;
  }
  const dir = path.join(packageRoot(), "notebooks", "assignments");
  const file = path.join(dir, `${nameOrPath}.instructor.ipynb`);
  if (fs.existsSync(file)) return file;
  const known = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".instructor.ipynb")).map((f) => f.replace(/\.instructor\.ipynb$/, "")) : [];
  throw new Error(`--assignment: no assignment named ${JSON.stringify(nameOrPath)}; expected a path to an instructor .ipynb or one of: ${known.join(", ") || "(none found)"}`);
}

/** A submission cell's limit: its metadata's (students may edit it), never above the instructor's largest. */
function safeTimeout(cell: Notebook["cells"][number], spec: AssignmentSpec): number {
  try {
    return Math.min(cellTimeoutS(cell, "submission", spec.defaultCellTimeoutS), spec.maxCellTimeoutS);
  } catch {
    return spec.defaultCellTimeoutS;
  }
}

/** The code cells a notebook runs before the tests: all but the cells of the instructor's tests. */
function plannedCells(nb: Notebook, spec: AssignmentSpec): PlannedCell[] {
  const testIds = new Set(spec.tests.map((t) => t.id));
  const cells: PlannedCell[] = [];
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code" || cellSource(cell).trim() === "") return;
    const grade = cnnlabMeta(cell).grade as { id?: unknown } | undefined;
    if (grade && typeof grade.id === "string" && testIds.has(grade.id)) return;
    cells.push({ cellNumber: i + 1, source: cellSource(cell), timeoutS: safeTimeout(cell, spec) });
  });
  return cells;
}

async function runNotebook(file: string, nb: Notebook, spec: AssignmentSpec, args: GradeArgs): Promise<PlanResult> {
  return executePlan({
    file,
    cells: plannedCells(nb, spec),
    tests: spec.tests.map((t) => ({ id: t.id, source: t.source, timeoutS: t.timeoutS })),
    totalTimeoutS: args.totalTimeoutS ?? spec.totalTimeoutS,
    memoryMb: args.memoryMb ?? spec.memoryMb,
    env: args.env ?? {},
    confine: args.confine,
  });
}

function studentName(file: string): string {
  return path.basename(file).replace(/\.ipynb$/, "");
}

/** Scores one submission; never throws for anything the submission contains. */
async function gradeOne(file: string, spec: AssignmentSpec, expectedRun: Promise<PlanResult>, args: GradeArgs): Promise<SubmissionGrade> {
  const possible = spec.tests.reduce((s, t) => s + t.points, 0);
  const base = { assignment: spec.name, file, student: studentName(file), possible };
  let nb: Notebook;
  try {
    nb = readNotebook(file);
  } catch (err) {
    const why = `the submission could not be read: ${(err as Error).message}`;
    const tests = spec.tests.map((t): TestGrade => ({ id: t.id, hidden: t.hidden, points: t.points, earned: 0, status: "failed", explanation: why, checks: [], seconds: 0 }));
    return { ...base, earned: 0, percent: 0, tests, cellProblems: [], seconds: 0, notes: [why] };
  }
  const run = await runNotebook(file, nb, spec, args);
  const expected = await expectedRun;
  const tests = spec.tests.map((t) => gradeTest(t, expected.tests.get(t.id)!, run.tests.get(t.id)!));
  const earned = Math.round(tests.reduce((s, t) => s + t.earned, 0) * 1000) / 1000;
  const cellProblems: CellProblem[] = [...run.cells.entries()]
    .filter(([, o]) => o.status !== "ok")
    .map(([cellNumber, o]) => ({ cellNumber, status: o.status, error: o.error ?? "failed", seconds: o.seconds }));
  return { ...base, earned, percent: possible > 0 ? Math.round((10000 * earned) / possible) / 100 : 0, tests, cellProblems, seconds: run.seconds, notes: run.notes };
}

/** Cells and tests that failed on the instructor solution: the assignment needs fixing before its grades mean anything. */
function instructorProblems(spec: AssignmentSpec, run: PlanResult): string[] {
  const problems = [...run.cells.entries()].filter(([, o]) => o.status !== "ok").map(([n, o]) => `cell ${n}: ${o.error}`);
  for (const t of spec.tests) {
    const o = run.tests.get(t.id)!;
    const failed = o.checks.filter((c) => !c.ok);
    if (o.status !== "ok") problems.push(`test ${t.id}: ${o.error}`);
    for (const c of failed) problems.push(`test ${t.id}: check "${c.what}" fails: ${c.message}`);
  }
  return [...problems, ...run.notes];
}

/** Grades every submission against the instructor notebook. */
export async function gradeSubmissions(args: GradeArgs): Promise<GradeReport> {
  if (!args || typeof args.instructor !== "string") throw new Error(`gradeSubmissions: "instructor" must be the path of an instructor notebook, got ${JSON.stringify(args?.instructor)}`);
  if (!Array.isArray(args.submissions) || args.submissions.length === 0) {
    throw new Error(`gradeSubmissions: "submissions" must be a non-empty list of .ipynb paths, got ${JSON.stringify(args.submissions)}`);
  }
  const concurrency = args.concurrency ?? 2;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`gradeSubmissions: "concurrency" must be an integer >= 1, got ${JSON.stringify(concurrency)}`);
  const instructorNb = readNotebook(args.instructor);
  const spec = assignmentSpec(instructorNb, args.instructor, path.basename(args.instructor).replace(/(\.instructor)?\.ipynb$/, ""));
  // The instructor run takes a lane like any submission; submissions are scored once it is done.
  const grades: SubmissionGrade[] = new Array(args.submissions.length);
  let resolveExpected: (r: PlanResult) => void = () => undefined;
  const expected = new Promise<PlanResult>((resolve) => (resolveExpected = resolve));
  const jobs: Array<() => Promise<void>> = [
    async () => resolveExpected(await runNotebook(args.instructor, instructorNb, spec, args)),
    ...args.submissions.map((file, k) => async () => {
      grades[k] = await gradeOne(file, spec, expected, args);
      args.onGraded?.(grades[k]);
    }),
  ];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length) await jobs[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, lane));
  return { assignment: spec.name, instructor: args.instructor, instructorProblems: instructorProblems(spec, await expected), grades };
}
