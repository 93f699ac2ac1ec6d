/**
 * The student edition of the course, as `cnnlab assign notebooks --out <folder>` writes it, runs
 * top to bottom in quick mode through the real kernel: no cell fails, every self-check says "not
 * done yet", and no solution is left in it. (Each notebook's own test runs it with the solutions
 * and asserts every self-check is right.) Assignments are left to their own tests: their
 * visible test cells fail on purpose until the student has answered.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { hasSolution } from "../../lib/grading/assign";
import { isWrittenSolution } from "../../lib/course/written-answers";
import { cellSource, readNotebook, splitLines } from "../../lib/notebook/io";
import { selfChecks } from "./cell-outputs";
import { removeTempDirs, tempDir } from "./fixtures";
import { describeFailure, PACKAGE_ROOT, runNotebookForTest } from "./harness";

const COURSE = path.join(PACKAGE_ROOT, "notebooks");
const course = fs.readdirSync(COURSE).filter((f) => f.endsWith(".ipynb")).sort();
let student: string;

beforeAll(() => {
  student = path.join(tempDir("cnnlab-student-"), "student");
  const r = spawnSync(process.execPath, [path.join(PACKAGE_ROOT, "bin/cnnlab.js"), "assign", COURSE, "--out", student], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cnnlab assign failed: ${r.stderr}`);
});

afterAll(removeTempDirs);

/** The lines inside the solution regions and the written solutions of the instructor notebook: none may reach the student. */
function solutionLines(file: string): string[] {
  const lines: string[] = [];
  for (const cell of readNotebook(file).cells) {
    if (isWrittenSolution(cell)) lines.push(...splitLines(cellSource(cell)));
    else if (cell.cell_type === "code" && hasSolution(cell)) {
      let inside = false;
      for (const line of splitLines(cellSource(cell))) {
        if (/\/\/\s*BEGIN SOLUTION/.test(line)) inside = true;
        else if (/\/\/\s*END SOLUTION/.test(line)) inside = false;
        else if (inside) lines.push(line);
      }
    }
  }
  // Short lines ("}", "return x;") may occur elsewhere by chance; the distinctive ones may not.
  return lines.map((l) => l.trim()).filter((l) => l.length >= 16);
}

/** The exercise names the notebook's self-check cells pass to selfCheck("…", …). */
function selfCheckNames(file: string): string[] {
  return readNotebook(file).cells.flatMap((c) => (c.cell_type === "code" ? [...cellSource(c).matchAll(/selfCheck\(\s*"([^"]+)"/g)].map((m) => m[1]) : []));
}

describe("the student edition of the course", () => {
  it("has every course notebook, with no solution left in it", () => {
    expect(fs.readdirSync(student).filter((f) => f.endsWith(".ipynb")).sort()).toEqual(course);
    for (const name of course) {
      const text = readNotebook(path.join(student, name)).cells.map((c) => cellSource(c)).join("\n");
      expect([name, /BEGIN SOLUTION|END SOLUTION|\*\*Solution\.\*\*/.test(text)]).toEqual([name, false]);
      for (const line of solutionLines(path.join(COURSE, name))) expect([name, text.includes(line) ? line : ""]).toEqual([name, ""]);
    }
  });

  it.each(course)(
    "%s runs clean in quick mode with every self-check not done yet",
    async (name) => {
      const run = await runNotebookForTest(path.join(student, name), { cellTimeoutS: 300 });
      expect(describeFailure(run)).toBe("ok");
      const checks = selfChecks(run);
      expect(checks.map((c) => c.name)).toEqual(selfCheckNames(path.join(COURSE, name)));
      expect(checks.filter((c) => c.status !== "not-done")).toEqual([]);
    },
    600_000,
  );
});
