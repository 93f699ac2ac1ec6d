/**
 * Without bubblewrap `cnnlab grade` refuses to run, unless the instructor passes --unsafe-no-sandbox;
 * then every report says the submissions were graded without a sandbox.
 */
import * as fs from "fs";
import * as path from "path";
import { cnnlab, freshDir, instructorDir, SOLUTION, submission, writeAll } from "./fixtures";

const solved = SOLUTION.replace(/ *\/\/ (BEGIN|END) SOLUTION\n/g, "");
let dir: string;

beforeAll(() => {
  dir = freshDir("unsafe");
  writeAll(path.join(dir, "submissions"), { ann: submission(solved) });
  instructorDir(dir);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// PATH without bubblewrap: the grader cannot find `bwrap`, as on a machine without it.
const noBwrap = { PATH: "/nonexistent" };
const args = ["grade", "submissions", "--instructor", "instructor", "--assignment", "tiny", "--out", "out"];

it("refuses to grade where no sandbox can be made, saying why and what to do", async () => {
  const r = await cnnlab(args, dir, noBwrap);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("cnnlab grade: cannot confine submissions: bubblewrap (bwrap) is not installed");
  expect(r.stderr).toContain("pass --unsafe-no-sandbox");
  expect(fs.existsSync(path.join(dir, "out", "results"))).toBe(false);
}, 120_000);

it("with --unsafe-no-sandbox grades, and the JSON, the CSV summary and each feedback page say so", async () => {
  const r = await cnnlab([...args, "--unsafe-no-sandbox"], dir, noBwrap);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain("WARNING: NONE: graded with --unsafe-no-sandbox");
  const report = JSON.parse(fs.readFileSync(path.join(dir, "out", "grades.json"), "utf8"));
  expect(report.sandbox).toMatch(/^NONE: graded with --unsafe-no-sandbox \(bubblewrap \(bwrap\) is not installed/);
  expect(report.grades[0].earned).toBe(3);
  expect(fs.readFileSync(path.join(dir, "out", "summary.csv"), "utf8")).toContain("# NONE: graded with --unsafe-no-sandbox");
  expect(fs.readFileSync(path.join(dir, "out", "feedback", "ann.md"), "utf8")).toContain("**Warning:** graded WITHOUT a sandbox");
  expect(fs.readFileSync(path.join(dir, "out", "feedback", "ann.html"), "utf8")).toContain("<strong>Warning:</strong> graded WITHOUT a sandbox");
}, 300_000);
