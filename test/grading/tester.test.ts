/**
 * The grader's test process is trusted code fed untrusted values: it is bounded like a submission
 * (heap limit and memory watch) and dies with the grader even while busy. Graded as a user runs it
 * (spawned CLI) on the tiny `double` assignment of fixtures.ts.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { cnnlab, freshDir, instructorDir, instructorNotebook, noSandboxReason, PACKAGE_ROOT, processesWith, SOLUTION, submission, writeAll } from "./fixtures";

const noSandbox = noSandboxReason();
const suite = noSandbox ? describe.skip : describe;
const solved = SOLUTION.replace(/ *\/\/ (BEGIN|END) SOLUTION\n/g, "");

/** The tiny instructor notebook with one more hidden test cell. */
function withTest(id: string, source: string, timeoutS: number) {
  const nb = instructorNotebook();
  nb.cells.push({ cell_type: "code", id, metadata: { cnnlab: { grade: { id, points: 1, hidden: true, timeout_s: timeoutS } } }, source, execution_count: null, outputs: [] });
  return nb;
}


suite("the grader's test process", () => {
  jest.setTimeout(600_000);

  it("is stopped when a size the submission returned makes a test allocate too much; the grader goes on and grades the rest", async () => {
    const dir = freshDir("tester-memory");
    // The test sizes an array by what double() returned; this submission returns 2^28 (2 GiB of JavaScript numbers).
    const sized = 'import { check } from "cnnlab";\nconst [n] = await double([1]);\nconst ones = Array.from({ length: n }, () => 1);\ncheck.equal("sum of an array of double([1]) ones", ones.reduce((a, b) => a + b, 0), 2);\n';
    const greedy = "function double(x: number[]): number[] { return x.length === 1 && x[0] === 1 ? [2 ** 28] : x.map((v) => 2 * v); }\n";
    writeAll(path.join(dir, "submissions"), { greedy: submission(greedy), honest: submission(solved) });
    const instructor = instructorDir(dir, withTest("sized", sized, 60));
    const run = await cnnlab(["grade", "submissions", "--instructor", instructor, "--assignment", "tiny", "--out", "out", "--memory", "256"], dir);
    expect(run.code).toBe(0);
    const grades = JSON.parse(fs.readFileSync(path.join(dir, "out", "grades.json"), "utf8")).grades as Array<{ student: string; earned: number; tests: Array<{ id: string; earned: number; error?: string }> }>;
    const greedyGrade = grades.find((g) => g.student === "greedy")!;
    expect(greedyGrade.tests.find((t) => t.id === "sized")!.earned).toBe(0);
    // The other tests ran in a fresh test process: double() itself is right.
    expect(greedyGrade.earned).toBe(3);
    expect(grades.find((g) => g.student === "honest")!.earned).toBe(4);
    const result = JSON.parse(fs.readFileSync(path.join(dir, "out", "results", "greedy.json"), "utf8")) as { tests: Array<{ id: string; error?: string }> };
    expect(result.tests.find((t) => t.id === "sized")!.error).toMatch(/^the test ran out of memory \(limit 2048 MiB of JavaScript heap, 4608 MiB in all\)/);
  });

  it("dies with the grader even while a test keeps it busy in a loop", async () => {
    const dir = freshDir("tester-death");
    const tmp = path.join(dir, "tmp");
    fs.mkdirSync(tmp);
    const started = path.join(dir, "loop-started");
    // A test that never yields to the event loop (an IPC disconnect would never be noticed).
    const loop = `require("fs").writeFileSync(${JSON.stringify(started)}, "1");\nconst t0 = Date.now(); while (Date.now() - t0 < 300000) { /* busy */ }\n`;
    writeAll(path.join(dir, "submissions"), { ann: submission(solved) });
    const instructor = instructorDir(dir, withTest("busy", loop, 400));
    const grader = spawn(process.execPath, [path.join(PACKAGE_ROOT, "bin", "cnnlab.js"), "grade", "submissions", "--instructor", instructor, "--assignment", "tiny", "--out", "out"], {
      cwd: dir,
      env: { ...process.env, TMPDIR: tmp },
      stdio: "ignore",
    });
    const closed = new Promise<void>((resolve) => grader.on("close", () => resolve()));
    for (let waited = 0; waited < 400_000 && !fs.existsSync(started); waited += 250) await new Promise((r) => setTimeout(r, 250));
    expect(fs.existsSync(started)).toBe(true);
    expect(processesWith(tmp).length).toBeGreaterThan(1);
    grader.kill("SIGKILL");
    await closed;
    // The kernel delivers the death signal at once; allow a busy machine a few seconds to reap.
    for (let waited = 0; waited < 10_000 && processesWith(tmp).length > 0; waited += 250) await new Promise((r) => setTimeout(r, 250));
    expect(processesWith(tmp)).toEqual([]);
  });
});
