/**
 * The autograder. The instructor notebook (from the instructor's folder, never from a submission)
 * runs once like a submission: the values its checks receive are the expected values. Then each
 * submission runs in its own sandbox (limited concurrency) and its tests are scored in the grader.
 * Each submission's result is written to its own file as soon as it is graded, so an interrupted
 * run resumes where it stopped and one failure cannot lose the others' grades.
 */
import * as crypto from "crypto";
import { notebookLang } from "../i18n/notebook";
import { currentLang, type Lang } from "../i18n/lang";
import { t } from "../i18n/t";
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../fs/atomic-write";
import { cellSource, parseNotebook } from "../notebook/io";
import type { Notebook } from "../notebook/types";
import { packageVersion } from "../package-root";
import { executePlan, PlanResult, PlannedCell } from "./execute";
import { linkPackagesBeside, probeConfinement, type Confinement, type LaunchArgs } from "./sandbox";
import { gradeTest, TestGrade } from "./score";
import { assignmentSpec, AssignmentSpec, cellTimeoutS, cnnlabMeta } from "./spec";
import { buildView } from "./view";

/** Submissions larger than this are not read (a notebook of code is far smaller). */
export const MAX_SUBMISSION_BYTES = 32 * 1024 * 1024;

/** Arguments of gradeSubmissions. */
export interface GradeArgs {
  /** The instructor's folder holding `<assignment>.instructor.ipynb`. Required. */
  instructorDir: string;
  /** The assignment's plain name (letters, digits, . _ -), resolved in `instructorDir`. Required. */
  assignment: string;
  /** Submitted notebooks. Required, at least one. */
  submissions: string[];
  /** Folder for the per-submission result files (resume reads them). Required. */
  outDir: string;
  /** Environment for the notebook processes, e.g. { CNNLAB_QUICK: "1" }. Default: none added. */
  env?: Record<string, string>;
  /** Submissions graded at the same time. Default 2. */
  concurrency?: number;
  /** Overrides the assignment's total seconds per submission. Default: its metadata (600). */
  totalTimeoutS?: number;
  /** Overrides the assignment's heap limit, MiB. Default: its metadata (1536). */
  memoryMb?: number;
  /** Grade without an OS sandbox where none can be made (Node's permission model only). Default false: refuse. */
  unsafeNoSandbox?: boolean;
  /** Reuse results already in `outDir` for the same notebook and assignment. Default true. */
  resume?: boolean;
  /** Called as each submission is graded (or found already graded). Default: nothing. */
  onGraded?: (grade: SubmissionGrade, progress: Progress) => void;
}

export interface Progress {
  done: number;
  total: number;
  /** Of `done`, how many were reused from an earlier run. */
  reused: number;
  /** Seconds to go at the rate of the submissions graded in this run, or null before the first. */
  etaS: number | null;
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
  /** The student's key in the gradebook: the file name without .ipynb (numbered when two are alike). */
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
  /** Set when the grader itself failed (e.g. its test process did not start): not a grade; a rerun grades it again. */
  graderError?: string;
  /** sha256 of the submitted file and of the assignment's grading setup: a result is reused only when both match. */
  notebookHash: string;
  assignmentHash: string;
  /** The submission's language (its metadata.cnnlab.lang, "en" when absent or unknown): the feedback pages are written in it. */
  lang?: Lang;
  /** Why no sandbox could be made, when it was graded with --unsafe-no-sandbox (its pages carry a warning). */
  unsafeNoSandbox?: string;
}

export interface GradeReport {
  assignment: string;
  instructor: string;
  /** How submissions were confined: "bubblewrap" or the unsafe mode with its reason. */
  sandbox: string;
  /** Why no sandbox could be made, when graded with --unsafe-no-sandbox. */
  unsafeNoSandbox?: string;
  /** What went wrong when the instructor solution itself ran (empty when it passes every test). */
  instructorProblems: string[];
  grades: SubmissionGrade[];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** `<dir>/<name>.instructor.ipynb`; `name` is a plain name, never a path. */
export function resolveInstructor(dir: string, name: string): string {
  if (typeof name !== "string" || !NAME.test(name) || name.includes("..")) {
    throw new Error(`--assignment: expected a plain assignment name such as "a1-conv" (letters, digits, . _ -), got ${JSON.stringify(name)}`);
  }
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`--instructor: ${JSON.stringify(dir)} is not a folder; expected the folder with the instructor notebooks (<name>.instructor.ipynb)`);
  const file = path.join(dir, `${name}.instructor.ipynb`);
  if (fs.existsSync(file)) return file;
  const known = fs.readdirSync(dir).filter((f) => f.endsWith(".instructor.ipynb")).map((f) => f.replace(/\.instructor\.ipynb$/, ""));
  throw new Error(`--assignment: no assignment named ${JSON.stringify(name)} in ${dir}; expected one of: ${known.join(", ") || "(none found)"}`);
}

/** A submission cell's limit: its metadata's (students may edit it), never above the instructor's largest. */
function safeTimeout(cell: Notebook["cells"][number], spec: AssignmentSpec): number {
  try {
    return Math.min(cellTimeoutS(cell, "submission", spec.defaultCellTimeoutS), spec.maxCellTimeoutS);
  } catch {
    return spec.defaultCellTimeoutS;
  }
}

/** The code cells a notebook runs in its sandbox: all but the cells of the instructor's tests. */
function plannedCells(nb: Notebook, spec: AssignmentSpec): PlannedCell[] {
  const testIds = new Set(spec.tests.map((t) => t.id));
  const cells: PlannedCell[] = [];
  (Array.isArray(nb.cells) ? nb.cells : []).forEach((cell, i) => {
    if (cell.cell_type !== "code" || cellSource(cell).trim() === "") return;
    const grade = cnnlabMeta(cell).grade as { id?: unknown } | undefined;
    if (grade && typeof grade.id === "string" && testIds.has(grade.id)) return;
    cells.push({ cellNumber: i + 1, source: cellSource(cell), timeoutS: safeTimeout(cell, spec) });
  });
  return cells;
}

/**
 * A submission's bytes: a regular file of at most MAX_SUBMISSION_BYTES, opened without following a link and without
 * blocking. The grader reads as the instructor: a link placed in a shared submissions folder could name a file only
 * the instructor may read (the instructor notebook, when the files were named by a shell glob), and a named
 * pipe would block the grader's synchronous read, and the whole batch with it (red-team findings).
 */
function readSubmission(file: string): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ELOOP") throw new Error(`${file} is a symbolic link; a submission must be the notebook file itself`);
    throw err;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new Error(`${file} is not a regular file; a submission must be the notebook file itself`);
    if (st.size > MAX_SUBMISSION_BYTES) throw new Error(`${file}: ${st.size} bytes, more than the ${MAX_SUBMISSION_BYTES} a submission may have`);
    const bytes = Buffer.alloc(st.size);
    let got = 0;
    for (let n = 1; got < st.size && n > 0; got += n) n = fs.readSync(fd, bytes, got, st.size - got, got);
    return bytes.subarray(0, got);
  } finally {
    fs.closeSync(fd);
  }
}

/** Parses notebook bytes as readNotebook would, naming the file in errors. */
function notebookOf(bytes: Buffer, file: string): Notebook {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message}); expected an .ipynb notebook`);
  }
  return parseNotebook(json, file);
}

function sha256(data: string | Buffer): string {
  return crypto.createHash("sha256").update(data).digest("hex");
}

/**
 * Gradebook keys: the file name without .ipynb; where several submissions share a file name (one
 * folder per student, as LMS downloads are laid out) the folder's name. Numbered when still alike.
 */
export function studentKeys(files: string[]): string[] {
  const clean = (s: string): string => (s.replace(/[^\w.@-]+/g, "_").replace(/^[._-]+/, "") || "submission").slice(0, 100);
  // A notebook directly in the submissions folder is named by its file (named by whoever collected it); one in a
  // per-student folder (an LMS download) by that folder, never by its file name, which the student chose: a file
  // named after a classmate must not take the classmate's gradebook row.
  const dirs = files.map((f) => path.dirname(path.resolve(f)).split(path.sep));
  let depth = dirs.length ? dirs[0].length : 0;
  for (const d of dirs) {
    depth = Math.min(depth, d.length);
    while (depth > 0 && d.slice(0, depth).join(path.sep) !== dirs[0].slice(0, depth).join(path.sep)) depth--;
  }
  const name = (f: string, k: number): string => (dirs[k].length > depth ? dirs[k][depth] : path.basename(f).replace(/\.ipynb$/, ""));
  // A number is added until the key is new: a numbered key may equal another student's own (folders "bob?", "bob_",
  // "bob_-2": two would be "bob_-2", one result file and feedback page overwriting the other's; a red-team finding).
  const taken = new Set<string>();
  const raws = files.map((f, k) => clean(name(f, k)));
  return raws.map((raw, k) => {
    let key = raw;
    for (let n = 2; taken.has(key) || (key !== raw && raws.includes(key)); n++) key = `${raw}-${n}`;
    taken.add(key);
    return key;
  });
}

interface Setup {
  spec: AssignmentSpec;
  launch: LaunchArgs;
  env: Record<string, string>;
  totalTimeoutS: number;
  assignmentHash: string;
  /** Why no sandbox could be made, when graded with --unsafe-no-sandbox. */
  unsafeNoSandbox?: string;
  /** Where the test process resolves "cnnlab" (a view without tfjs for a by-hand assignment; default the package). */
  testerCwd?: string;
}

/**
 * The order the tests run in: every visible test before any hidden one. The submission's process keeps its state
 * from call to call, so a function could store a hidden test's arguments and give them back in a later visible
 * test's value or error, which the feedback shows in full (a red-team finding: every assignment interleaved them).
 */
export function runOrder<T extends { hidden: boolean }>(tests: readonly T[]): T[] {
  return [...tests.filter((t) => !t.hidden), ...tests.filter((t) => t.hidden)];
}

/** Runs a notebook; what it says about the run (why a cell stopped, notes) is in `lang`. */
async function runNotebook(bytes: Buffer, nb: Notebook, s: Setup, lang: Lang): Promise<PlanResult> {
  return executePlan({
    lang,
    notebook: bytes,
    cells: plannedCells(nb, s.spec),
    setup: s.spec.setup.map((c) => c.source),
    studentApi: s.spec.studentApi,
    tests: runOrder(s.spec.tests).map((t) => ({ id: t.id, source: t.source, timeoutS: t.timeoutS })),
    totalTimeoutS: s.totalTimeoutS,
    launch: s.launch,
    env: s.env,
    ...(s.testerCwd ? { testerCwd: s.testerCwd } : {}),
  });
}

/** Scores one submission; never throws for anything the submission contains. */
async function gradeOne(file: string, student: string, s: Setup, expected: Promise<PlanResult>): Promise<SubmissionGrade> {
  const spec = s.spec;
  const possible = spec.tests.reduce((sum, t) => sum + t.points, 0);
  let bytes: Buffer = Buffer.alloc(0);
  let nb: Notebook | undefined;
  let unreadable = "";
  try {
    bytes = readSubmission(file);
    nb = notebookOf(bytes, file);
  } catch (err) {
    // (its language is unknown: English)
    unreadable = t("grade.unreadable", { why: (err as Error).message.slice(0, 500) }, "en");
  }
  const base: Pick<SubmissionGrade, "assignment" | "file" | "student" | "possible" | "notebookHash" | "assignmentHash" | "lang" | "unsafeNoSandbox"> = {
    assignment: spec.name,
    file,
    student,
    possible,
    notebookHash: sha256(bytes),
    assignmentHash: s.assignmentHash,
    ...(s.unsafeNoSandbox !== undefined ? { unsafeNoSandbox: s.unsafeNoSandbox } : {}),
  };
  if (!nb) {
    const tests = spec.tests.map((t): TestGrade => ({ id: t.id, hidden: t.hidden, points: t.points, earned: 0, status: "failed", explanation: unreadable, checks: [], seconds: 0 }));
    return { ...base, earned: 0, percent: 0, tests, cellProblems: [], seconds: 0, notes: [unreadable] };
  }
  const lang = notebookLang(nb);
  base.lang = lang;
  const run = await runNotebook(bytes, nb, s, lang);
  const exp = await expected;
  const tests = spec.tests.map((test) => gradeTest(test, exp.tests.get(test.id)!, run.tests.get(test.id)!, lang));
  const earned = Math.round(tests.reduce((sum, t) => sum + t.earned, 0) * 1000) / 1000;
  const cellProblems: CellProblem[] = [...run.cells.entries()]
    .filter(([, o]) => o.status !== "ok")
    .map(([cellNumber, o]) => ({ cellNumber, status: o.status, error: o.error ?? t("grade.cellFailed", {}, lang), seconds: o.seconds }));
  const graderError = run.setupError && !exp.setupError ? t("grade.graderError", { why: run.setupError }, lang) : undefined;
  return {
    ...base,
    earned,
    percent: possible > 0 ? Math.round((10000 * earned) / possible) / 100 : 0,
    tests,
    cellProblems,
    seconds: run.seconds,
    notes: [...(graderError ? [graderError] : []), ...run.notes],
    ...(graderError ? { graderError } : {}),
  };
}

/** Cells and tests that failed on the instructor solution: the assignment needs fixing before its grades mean anything. In `lang`, the grader's. */
function instructorProblems(spec: AssignmentSpec, run: PlanResult, lang: Lang): string[] {
  const problems = [...run.cells.entries()].filter(([, o]) => o.status !== "ok").map(([n, o]) => t("grade.problemCell", { cell: n, error: o.error ?? "" }, lang));
  if (run.setupError) problems.push(run.setupError);
  for (const test of spec.tests) {
    const o = run.tests.get(test.id)!;
    if (o.status !== "ok") problems.push(t("grade.problemTest", { id: test.id, error: o.error ?? "" }, lang));
    for (const c of o.checks.filter((c) => !c.ok)) problems.push(t("grade.problemCheck", { id: test.id, what: c.what, message: c.message }, lang));
  }
  return [...problems, ...run.notes];
}

/** The result file of a student. */
export function resultFile(outDir: string, student: string): string {
  return path.join(outDir, "results", `${student}.json`);
}

function previous(outDir: string, student: string, notebookHash: string, assignmentHash: string): SubmissionGrade | null {
  try {
    const g = JSON.parse(fs.readFileSync(resultFile(outDir, student), "utf8")) as SubmissionGrade;
    return g.notebookHash === notebookHash && g.assignmentHash === assignmentHash && !g.graderError ? g : null;
  } catch {
    return null;
  }
}

/** Grades every submission against the instructor notebook. */
export async function gradeSubmissions(args: GradeArgs): Promise<GradeReport> {
  if (!args || typeof args.instructorDir !== "string") throw new Error(`gradeSubmissions: "instructorDir" must be the instructor's folder, got ${JSON.stringify(args?.instructorDir)}`);
  if (typeof args.assignment !== "string") throw new Error(`--assignment: name the assignment to grade (e.g. --assignment a1-conv); it is never taken from a submission`);
  if (!Array.isArray(args.submissions) || args.submissions.length === 0) {
    throw new Error(`gradeSubmissions: "submissions" must be a non-empty list of .ipynb paths, got ${JSON.stringify(args.submissions)}`);
  }
  if (typeof args.outDir !== "string" || args.outDir === "") throw new Error(`gradeSubmissions: "outDir" must be a folder for the results, got ${JSON.stringify(args.outDir)}`);
  const concurrency = args.concurrency ?? 2;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`gradeSubmissions: "concurrency" must be an integer >= 1, got ${JSON.stringify(concurrency)}`);
  const instructor = resolveInstructor(args.instructorDir, args.assignment);
  const instructorBytes = fs.readFileSync(instructor);
  const instructorNb = notebookOf(instructorBytes, instructor);
  const spec = assignmentSpec(instructorNb, instructor, args.assignment);
  const env = args.env ?? {};
  const totalTimeoutS = args.totalTimeoutS ?? spec.totalTimeoutS;
  const memoryMb = args.memoryMb ?? spec.memoryMb;
  const assignmentHash = sha256(JSON.stringify({ instructor: sha256(instructorBytes), version: packageVersion(), env, totalTimeoutS, memoryMb }));

  // The instructor run speaks the grader's language (CNNLAB_LANG; checked before anything runs): its problems go to the console.
  const graderLang = currentLang();
  const view = buildView(spec.answerKey, { tfjs: spec.tfjs });
  // A by-hand assignment's tests need no tfjs either: their process loads and type-checks cnnlab without it
  // (seconds per submission), from a view that keeps the answer key. The test code is the same.
  const testerView = spec.tfjs ? null : buildView([], { tfjs: false });
  try {
    if (testerView) linkPackagesBeside(testerView);
    const confinement: Confinement = probeConfinement(view);
    if (confinement.kind === "unsafe" && !args.unsafeNoSandbox) {
      throw new Error(`cannot confine submissions: ${confinement.why}. Refusing to grade; install bubblewrap, or pass --unsafe-no-sandbox to run submissions with Node's permission model only (not safe against a hostile class)`);
    }
    const sandbox = confinement.kind === "bwrap" ? `bubblewrap${confinement.asNobody ? " (as nobody)" : ""}` : `NONE: graded with --unsafe-no-sandbox (${confinement.why})`;
    const setup: Setup = {
      spec,
      launch: { view, confinement, memoryMb, env },
      env,
      totalTimeoutS,
      assignmentHash,
      ...(testerView ? { testerCwd: path.dirname(path.dirname(testerView.dir)) } : {}),
      ...(confinement.kind === "unsafe" ? { unsafeNoSandbox: confinement.why } : {}),
    };

    const keys = studentKeys(args.submissions);
    const grades: SubmissionGrade[] = new Array(args.submissions.length);
    const todo: number[] = [];
    let done = 0;
    let reused = 0;
    const t0 = Date.now();
    const progress = (): Progress => {
      const fresh = done - reused;
      const left = args.submissions.length - done;
      // Wall-clock seconds per fresh submission so far (concurrency included), times those left.
      return { done, total: args.submissions.length, reused, etaS: fresh > 0 ? ((Date.now() - t0) / 1000 / fresh) * left : null };
    };
    args.submissions.forEach((file, k) => {
      let hash = "";
      try {
        hash = sha256(readSubmission(file));
      } catch {
        // unreadable: graded (as 0, with the reason) below
      }
      const old = args.resume === false || !hash ? null : previous(args.outDir, keys[k], hash, assignmentHash);
      if (old) {
        grades[k] = { ...old, file };
        done += 1;
        reused += 1;
        args.onGraded?.(grades[k], progress());
      } else todo.push(k);
    });

    // The instructor run is cached beside the results, so a resumed run does not repeat it.
    const expectedFile = path.join(args.outDir, "instructor-run.json");
    let instructorRun: PlanResult | null = null;
    let resolveExpected: (r: PlanResult) => void = () => undefined;
    const expected = new Promise<PlanResult>((resolve) => (resolveExpected = resolve));
    const jobs: Array<() => Promise<void>> = [
      async () => {
        instructorRun = await runNotebook(instructorBytes, instructorNb, setup, graderLang);
        resolveExpected(instructorRun);
      },
      ...todo.map((k) => async () => {
        const g = await gradeOne(args.submissions[k], keys[k], setup, expected);
        writeFileAtomic(resultFile(args.outDir, keys[k]), JSON.stringify(g, null, 2) + "\n");
        grades[k] = g;
        done += 1;
        args.onGraded?.(g, progress());
      }),
    ];
    let problems: string[];
    if (todo.length > 0) {
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < jobs.length) await jobs[next++]();
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, lane));
      problems = instructorProblems(spec, instructorRun!, graderLang);
      writeFileAtomic(expectedFile, JSON.stringify({ assignmentHash, problems }, null, 2) + "\n");
    } else {
      try {
        const saved = JSON.parse(fs.readFileSync(expectedFile, "utf8")) as { assignmentHash: string; problems: string[] };
        problems = saved.assignmentHash === assignmentHash ? saved.problems : [];
      } catch {
        problems = [];
      }
    }
    return { assignment: spec.name, instructor, sandbox, ...(setup.unsafeNoSandbox !== undefined ? { unsafeNoSandbox: setup.unsafeNoSandbox } : {}), instructorProblems: problems, grades };
  } finally {
    view.remove();
    testerView?.remove();
  }
}
