/**
 * Grading metadata in notebooks. A test cell carries
 *   "metadata": { "cnnlab": { "grade": { "id": "conv_forward_shapes", "points": 2, "hidden": true, "timeout_s": 30 } } }
 * any code cell may carry "cnnlab": { "timeout_s": 300 } (e.g. training), and the notebook
 *   "metadata": { "cnnlab": { "assignment": { "name": "conv", "total_timeout_s": 600, "memory_mb": 1024,
 *     "student_api": ["convForward"], "answer_key": ["conv2dForward"] } } }
 * and cells with helpers the tests share carry "cnnlab": { "test_setup": true }.
 * (Contract A: test and setup cells run in the grader's test process, never in the submission's.)
 */
import { cellSource } from "../notebook/io";
import type { Cell, Notebook } from "../notebook/types";

/** Seconds a code cell may run when its metadata names no limit. */
export const DEFAULT_CELL_TIMEOUT_S = 60;
/** Seconds a whole submission (its cells, then the tests) may run by default. */
export const DEFAULT_TOTAL_TIMEOUT_S = 600;
/** Default V8 heap limit (--max-old-space-size) of a submission's process, in MiB. */
export const DEFAULT_MEMORY_MB = 1536;

/** One graded test: a code cell of the instructor notebook. */
export interface TestSpec {
  /** Unique name, e.g. "conv_forward_shapes". */
  id: string;
  /** Points for passing every check of the test. */
  points: number;
  /** Hidden tests are removed from the student version; their code never leaves the grader. */
  hidden: boolean;
  /** Seconds the test cell may run. */
  timeoutS: number;
  /** The cell's TypeScript source. */
  source: string;
  /** 1-based cell position in the instructor notebook. */
  cellNumber: number;
}

/** Notebook-level settings of an assignment. */
export interface AssignmentSpec {
  /** Short name used in reports and CSV files (default: the file name without .instructor.ipynb). */
  name: string;
  /** Seconds the whole submission may run (its cells and the tests). */
  totalTimeoutS: number;
  /** V8 heap limit of the submission's process, MiB. */
  memoryMb: number;
  /** Seconds a cell without its own `timeout_s` may run (`default_cell_timeout_s`, default 60). */
  defaultCellTimeoutS: number;
  /** The largest per-cell limit an ordinary (non-test) cell may claim in its metadata. */
  maxCellTimeoutS: number;
  /** Top-level names of the student's notebook the tests use (each a proxy in the test process). */
  studentApi: string[];
  /** `reference.*` functions a submission may not call while this assignment is graded. */
  answerKey: string[];
  /** Whether the submission's sandbox has TensorFlow.js (`"tfjs": false`: a by-hand assignment, lib/grading/no-tfjs.ts). */
  tfjs: boolean;
  /** Cells marked `test_setup`: helpers the tests share, run in the test process before them. */
  setup: { cellNumber: number; source: string }[];
  tests: TestSpec[];
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The cell's `metadata.cnnlab` object, or {}. */
export function cnnlabMeta(cell: Cell | Notebook): Json {
  const m = cell.metadata.cnnlab;
  return isObject(m) ? m : {};
}

function positive(where: string, field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new Error(`${where}: "${field}" must be a positive number, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The seconds limit a cell's metadata asks for (`cnnlab.timeout_s` or `cnnlab.grade.timeout_s`), else `fallback`. */
export function cellTimeoutS(cell: Cell, where: string, fallback = DEFAULT_CELL_TIMEOUT_S): number {
  const meta = cnnlabMeta(cell);
  const grade = isObject(meta.grade) ? meta.grade : {};
  return positive(where, "timeout_s", grade.timeout_s ?? meta.timeout_s, fallback);
}

/** The test a cell declares, or null for an ordinary cell; throws naming the cell and field when malformed. */
export function testOf(cell: Cell, cellNumber: number, file: string, defaultTimeoutS = DEFAULT_CELL_TIMEOUT_S): TestSpec | null {
  const grade = cnnlabMeta(cell).grade;
  if (grade === undefined) return null;
  const where = `${file}: cell ${cellNumber} (metadata.cnnlab.grade)`;
  if (cell.cell_type !== "code") throw new Error(`${where}: only code cells can be tests, this one is ${cell.cell_type}`);
  if (!isObject(grade)) throw new Error(`${where}: expected an object like {"id": "conv_shapes", "points": 2}, got ${JSON.stringify(grade)}`);
  if (typeof grade.id !== "string" || !/^[A-Za-z0-9_.-]{1,64}$/.test(grade.id)) {
    throw new Error(`${where}: "id" must be a name of letters, digits, _ . - (1-64 characters), got ${JSON.stringify(grade.id)}`);
  }
  if (grade.hidden !== undefined && typeof grade.hidden !== "boolean") {
    throw new Error(`${where}: "hidden" must be true or false, got ${JSON.stringify(grade.hidden)}`);
  }
  if (typeof grade.points !== "number" || !Number.isFinite(grade.points) || grade.points < 0) {
    throw new Error(`${where}: "points" must be a number >= 0, got ${JSON.stringify(grade.points)}`);
  }
  return {
    id: grade.id,
    points: grade.points,
    hidden: grade.hidden === true,
    timeoutS: cellTimeoutS(cell, where, defaultTimeoutS),
    source: cellSource(cell),
    cellNumber,
  };
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;

function names(where: string, field: string, value: unknown, required: boolean): string[] {
  if (value === undefined && !required) return [];
  if (!Array.isArray(value) || (required && value.length === 0) || value.some((v) => typeof v !== "string" || !IDENTIFIER.test(v))) {
    throw new Error(`${where}: "${field}" must be a ${required ? "non-empty " : ""}list of JavaScript names like ["convForward"], got ${JSON.stringify(value)}`);
  }
  return [...new Set(value as string[])];
}

/** True for a cell marked `"cnnlab": {"test_setup": true}`. */
export function isTestSetup(cell: Cell): boolean {
  return cnnlabMeta(cell).test_setup === true;
}

/** Reads the tests and settings of an instructor notebook; throws naming the file and cell when malformed. */
export function assignmentSpec(nb: Notebook, file: string, fallbackName: string): AssignmentSpec {
  const a = cnnlabMeta(nb).assignment;
  const meta = isObject(a) ? a : {};
  const where = `${file}: metadata.cnnlab.assignment`;
  if (meta.name !== undefined && (typeof meta.name !== "string" || meta.name.trim() === "")) {
    throw new Error(`${where}: "name" must be a non-empty string, got ${JSON.stringify(meta.name)}`);
  }
  const defaultCellTimeoutS = positive(where, "default_cell_timeout_s", meta.default_cell_timeout_s, DEFAULT_CELL_TIMEOUT_S);
  const studentApi = names(where, "student_api", meta.student_api, true);
  const answerKey = names(where, "answer_key", meta.answer_key, false);
  if (meta.tfjs !== undefined && typeof meta.tfjs !== "boolean") throw new Error(`${where}: "tfjs" must be true or false (false: graded without TensorFlow.js), got ${JSON.stringify(meta.tfjs)}`);
  const tests: TestSpec[] = [];
  const setup: AssignmentSpec["setup"] = [];
  const seen = new Map<string, number>();
  let maxCellTimeoutS = defaultCellTimeoutS;
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    const t = testOf(cell, i + 1, file, defaultCellTimeoutS);
    maxCellTimeoutS = Math.max(maxCellTimeoutS, cellTimeoutS(cell, `${file}: cell ${i + 1} (metadata.cnnlab)`, defaultCellTimeoutS));
    if (isTestSetup(cell)) {
      if (t) throw new Error(`${file}: cell ${i + 1} is marked both as a test and as test_setup; a cell is one or the other`);
      setup.push({ cellNumber: i + 1, source: cellSource(cell) });
    }
    if (!t) return;
    const other = seen.get(t.id);
    if (other !== undefined) throw new Error(`${file}: cells ${other} and ${i + 1} both declare the test id ${JSON.stringify(t.id)}; ids must be unique`);
    seen.set(t.id, i + 1);
    tests.push(t);
  });
  if (tests.length === 0) {
    throw new Error(`${file}: no graded tests; an instructor notebook marks test cells with metadata {"cnnlab": {"grade": {"id": ..., "points": ...}}}`);
  }
  return {
    name: (meta.name as string | undefined) ?? fallbackName,
    totalTimeoutS: positive(where, "total_timeout_s", meta.total_timeout_s, DEFAULT_TOTAL_TIMEOUT_S),
    memoryMb: positive(where, "memory_mb", meta.memory_mb, DEFAULT_MEMORY_MB),
    defaultCellTimeoutS,
    maxCellTimeoutS,
    studentApi,
    answerKey,
    tfjs: meta.tfjs !== false,
    setup,
    tests,
  };
}
