/**
 * Class scale through `cnnlab grade <folder> -j 2`, as a user runs it: a progress line on stderr,
 * one result file per student written as graded, an interrupted run that leaves no process behind
 * and resumes without regrading, a changed notebook regraded alone, and the gradebooks.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { cnnlab, freshDir, instructorDir, noSandboxReason, PACKAGE_ROOT, processesWith, SOLUTION, submission, writeAll } from "./fixtures";

const noSandbox = noSandboxReason();
if (noSandbox) console.warn(`skipping the class-scale grading test: ${noSandbox}`);

const solved = SOLUTION.replace(/ *\/\/ (BEGIN|END) SOLUTION\n/g, "");
const half = "function double(x: number[]): number[] { return x.map((v, i) => (i === 0 ? v : 2 * v)); }\n";
const zeros = "function double(x: number[]): number[] { return x.map(() => 0); }\n";


(noSandbox ? it.skip : it)("grades a folder with progress, survives an interruption, resumes, and writes Moodle and Canvas gradebooks", async () => {
  const dir = freshDir("batch");
  const subs = path.join(dir, "submissions");
  const tmp = path.join(dir, "tmp");
  fs.mkdirSync(tmp);
  // Three students as files, three as LMS-style folders holding the same file name.
  writeAll(subs, { ann: submission(solved), bob: submission(half), cem: submission(solved) });
  for (const [who, body] of [["dee", solved], ["eve", zeros], ["fay", solved]]) writeAll(path.join(subs, who), { tiny: submission(body) });
  const args = ["grade", "submissions", "--instructor", instructorDir(dir), "--assignment", "tiny", "--out", "out", "-j", "2"];
  const results = path.join(dir, "out", "results");

  // 1. Interrupted: the grader is killed once two students are graded; nothing it started may live on.
  const first = spawn(process.execPath, [path.join(PACKAGE_ROOT, "bin", "cnnlab.js"), ...args], { cwd: dir, env: { ...process.env, TMPDIR: tmp }, stdio: ["ignore", "ignore", "pipe"] });
  let progress = "";
  await new Promise<void>((resolve) => {
    first.stderr.on("data", (b: Buffer) => {
      progress += b.toString("utf8");
      if (/graded 2\/6/.test(progress)) {
        first.kill("SIGKILL");
        resolve();
      }
    });
    first.on("close", () => resolve());
  });
  expect(progress).toMatch(/graded 1\/6 · ETA \d+:\d\d\n/);
  // Orphans notice their parent is gone when their event loop next runs (a busy machine can delay that by
  // seconds), so wait for them to go — up to 30 s — then require that none is left.
  for (let waited = 0; waited < 30_000 && processesWith(tmp).length > 0; waited += 500) await new Promise((r) => setTimeout(r, 500));
  expect(processesWith(tmp)).toEqual([]);
  const early = fs.readdirSync(results).filter((f) => f.endsWith(".json"));
  expect(early.length).toBeGreaterThanOrEqual(2);
  const before = Object.fromEntries(early.map((f) => [f, fs.readFileSync(path.join(results, f), "utf8")]));

  // 2. Resumed: those students are not graded again; the rest are.
  const second = await cnnlab(args, dir, { TMPDIR: tmp });
  expect(second.code).toBe(0);
  expect(second.stderr).toContain(`graded 6/6 (${early.length} from an earlier run)`);
  for (const [f, text] of Object.entries(before)) expect(fs.readFileSync(path.join(results, f), "utf8")).toBe(text);
  const report = JSON.parse(fs.readFileSync(path.join(dir, "out", "grades.json"), "utf8"));
  expect(report.sandbox).toMatch(/^bubblewrap/);
  // bob and eve fail the visible test and the hidden test's value check; the hidden length check (one of its two) passes: 1 point each.
  expect(Object.fromEntries(report.grades.map((g: { student: string; earned: number }) => [g.student, g.earned]))).toEqual({ ann: 3, bob: 1, cem: 3, dee: 3, eve: 1, fay: 3 });
  expect(fs.readdirSync(results).sort()).toEqual(["ann", "bob", "cem", "dee", "eve", "fay"].map((s) => `${s}.json`));
  expect(fs.readdirSync(path.join(dir, "out", "feedback"))).toHaveLength(12);

  // Moodle: a student column, the assignment's points, out of; Canvas: SIS Login ID, a Points Possible row.
  expect(fs.readFileSync(path.join(dir, "out", "gradebook.csv"), "utf8").split("\r\n").slice(0, 3)).toEqual(["student,tiny,out of,percent", "ann,3,3,100", "bob,1,3,33.33"]);
  expect(fs.readFileSync(path.join(dir, "out", "gradebook-canvas.csv"), "utf8").split("\r\n").slice(0, 3)).toEqual(["Student,ID,SIS User ID,SIS Login ID,Section,tiny", "Points Possible,,,,,3", ",,,ann,,3"]);

  // 3. One notebook changes: only it is graded again.
  writeAll(subs, { ann: submission(zeros) });
  const third = await cnnlab(args, dir, { TMPDIR: tmp });
  expect(third.code).toBe(0);
  expect(third.stderr).toContain("graded 6/6 (5 from an earlier run)");
  expect(third.stdout).toMatch(/^ann: 1 \/ 3 \(33.33%\)/m); // regraded: zeros keep the length, so 1 point (see eve)
  fs.rmSync(dir, { recursive: true, force: true });
}, 900_000);
