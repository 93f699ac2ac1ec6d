/**
 * Hostile and broken submissions, graded in one batch against the tiny `double` assignment
 * (fixtures.ts: 1 visible + 2 hidden points). The grader must finish, score what it can, name the
 * cause, and leave the originals alone; no submission may see the hidden test or fake a pass.
 */
import * as fs from "fs";
import * as path from "path";
import { gradeSubmissions, type GradeReport, type SubmissionGrade } from "../../lib/grading/grade";
import { studentVersion } from "../../lib/grading/assign";
import { freshDir, instructorNotebook, SOLUTION, submission, writeAll } from "./fixtures";

const solved = SOLUTION.replace(/ *\/\/ (BEGIN|END) SOLUTION\n/g, "");
let dir: string;
let report: GradeReport;
let instructorText: string;

function grade(name: string): SubmissionGrade {
  const g = report.grades.find((x) => x.student === name);
  if (!g) throw new Error(`no grade for ${name}`);
  return g;
}

function problems(name: string): string {
  return grade(name).cellProblems.map((c) => `${c.status}: ${c.error}`).join("\n");
}

beforeAll(async () => {
  dir = freshDir("hostile");
  fs.writeFileSync(path.join(dir, "data.txt"), "original");
  const instructorFile = path.join(dir, "instructor.ipynb");
  const subs = {
    stub: studentVersion(instructorNotebook(), "tiny"),
    partial: submission("function double(x: number[]): number[] {\n  return x.map((v, i) => (i === 0 ? v : 2 * v));\n}\n"),
    broken: submission(
      'throw new Error("boom at top level");\n',
      "const oops = ;\n",
      'const n: number = "text";\n',
      "process.exit(0);\n",
      'console.error("W tfjs: a log line on stderr"); process.stderr.write("costs nothing\\n");\n',
      solved
    ),
    loops: submission("while (true) {}\n", "await new Promise<void>(() => { Promise.resolve().then(() => { for (;;) {} }); });\n", solved),
    killer: submission('process.kill(process.pid, "SIGKILL");\n', solved),
    hoarder: submission("const hoard: number[][] = [];\nfor (;;) hoard.push(new Array(1e6).fill(Math.random()));\n", solved),
    printer: submission(
      "for (;;) console.log(\"x\".repeat(1000));\n",
      // A full pipe makes writeSync throw EAGAIN: keep trying, as a determined printer would.
      'import * as fs from "fs";\nfor (;;) { try { fs.writeSync(1, "y".repeat(1 << 20)); } catch { /* pipe full */ } }\n',
      solved
    ),
    vandal: submission(
      [
        'import * as fs from "fs";',
        'fs.writeFileSync("data.txt", "changed");',
        'fs.rmSync("data.txt");',
        `for (const target of [${JSON.stringify(path.join(dir, "data.txt"))}, ${JSON.stringify(instructorFile)}]) {`,
        '  try { fs.writeFileSync(target, "hacked"); } catch { /* denied */ }',
        "  try { fs.rmSync(target); } catch { /* denied */ }",
        "}",
        "",
      ].join("\n"),
      solved
    ),
    snoop: submission(
      [
        'import * as fs from "fs";',
        'const here = fs.readdirSync(".").filter((f) => f !== "node_modules");',
        "let stolen: string;",
        `try { stolen = fs.readFileSync(${JSON.stringify(instructorFile)}, "utf8").slice(0, 60); } catch (e) { stolen = String((e as { code?: string }).code); }`,
        'const inMemory = [JSON.stringify(process.env), process.argv.join(" "), Object.getOwnPropertyNames(globalThis).join(" ")].some((s) => s.includes("hidden array"));',
        "throw new Error(`folder: ${JSON.stringify(here)}; instructor: ${stolen}; hidden test in memory: ${inMemory}`);",
        "",
      ].join("\n"),
      solved
    ),
    tamper: submission(
      [
        "function double(x: number[]): number[] { return [0]; }",
        "Math.abs = () => 0;",
        "Object.is = () => true;",
        "Number.isNaN = () => false;",
        'try { (check as unknown as { close: unknown }).close = () => true; } catch { /* frozen */ }',
        'try { (globalThis as Record<symbol, unknown>)[Symbol.for("cnnlab.grading.checkSink")] = () => undefined; } catch { /* read-only */ }',
        'process.send?.({ kind: "check", record: { kind: "close", what: "double([1, 2])", got: { shape: [2], data: [2, 4] }, want: { shape: [2], data: [2, 4] }, tol: 1, ok: true, message: "fake" } });',
        "",
      ].join("\n"),
      "const check = { close: () => true, equal: () => true };\n"
    ),
  };
  const files = writeAll(dir, { instructor: instructorNotebook(), ...subs });
  instructorText = fs.readFileSync(files.instructor, "utf8");
  const { instructor, ...submissions } = files;
  const garbled = path.join(dir, "garbled.ipynb");
  fs.writeFileSync(garbled, "{ this is not a notebook");
  report = await gradeSubmissions({ instructor, submissions: [...Object.values(submissions), garbled], concurrency: 2 });
}, 600_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("scores the untouched student version 0 and a correct-after-trouble notebook 3 of 3", () => {
  expect(grade("stub").earned).toBe(0);
  expect(grade("stub").tests.map((t) => t.error)).toEqual(["Error: not implemented", "Error: not implemented"]);
});

it("scores an unreadable submission 0, saying why, without running it", () => {
  const g = grade("garbled");
  expect(g.earned).toBe(0);
  expect(g.notes[0]).toMatch(/^the submission could not be read: .*garbled\.ipynb: not valid JSON/);
  expect(g.tests.every((t) => t.explanation === g.notes[0])).toBe(true);
});

it("gives partial credit per check, with the reason", () => {
  const g = grade("partial");
  expect(g.earned).toBe(1);
  const hidden = g.tests.find((t) => t.id === "double_hidden")!;
  expect(hidden).toMatchObject({ status: "partial", earned: 1, explanation: "1 of 2 checks passed" });
  expect(hidden.checks[0]).toEqual({ what: "double of a hidden array", ok: false, message: "1 of 3 values differ by more than 0.00001; worst at index [0]: expected 6, got 3" });
});

it.each([
  // (broken also prints to stderr in a cell that works: not a problem, no points lost)
  ["broken", ["Error: boom at top level", "TypeScriptError: line 1, column 14: Expression expected.", "TypeScriptError: line 1, column 7: Type 'string' is not assignable to type 'number'.", "Error: process.exit(0) is not allowed in a graded notebook"]],
  ["loops", ["timeout: the cell ran longer than its 10 s limit", "timeout: the cell ran longer than its 10 s limit"]],
  ["killer", ["crashed: the notebook process ended (signal SIGKILL)"]],
  ["hoarder", ["memory: the notebook ran out of memory"]],
  ["printer", ["timeout: the cell ran longer than its 10 s limit", "output: the notebook printed more than 8 MiB"]],
])("%s: the grader names each failing cell and still scores the rest 3 of 3", (name, causes) => {
  const g = grade(name);
  const text = problems(name);
  for (const cause of causes) expect(text).toContain(cause);
  expect(g.cellProblems).toHaveLength(causes.length);
  expect(g.earned).toBe(3);
});

it("caps what a printing submission leaves in the report", () => {
  expect(JSON.stringify(grade("printer")).length).toBeLessThan(20_000);
});

it("runs a vandal in a copy: the original folder and the instructor notebook are intact", () => {
  expect(grade("vandal").earned).toBe(3);
  expect(fs.readFileSync(path.join(dir, "data.txt"), "utf8")).toBe("original");
  expect(fs.readFileSync(path.join(dir, "instructor.ipynb"), "utf8")).toBe(instructorText);
});

it("keeps the hidden tests out of the submission's folder, file access and memory while its code runs", () => {
  const text = problems("snoop");
  expect(text).toContain('folder: ["data.txt"]'); // the copy holds the folder's files but no notebook
  expect(text).toContain("instructor: ERR_ACCESS_DENIED");
  expect(text).toContain("hidden test in memory: false");
  expect(grade("snoop").earned).toBe(3);
});

it("is not fooled by patched built-ins, a replaced check, or fake check messages", () => {
  const g = grade("tamper");
  expect(g.earned).toBe(0);
  expect(g.tests.find((t) => t.id === "double_visible")!.checks[0].message).toBe("expected shape [2], got shape [1]");
});
