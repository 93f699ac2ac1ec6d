/**
 * A submission's tmpfs folders are host RAM that the resident-memory watch does not see (red-team finding:
 * 1.5 GiB written under --memory 256 went unnoticed); they now have a size, so such a cell fails with
 * ENOSPC and the rest of the notebook is still graded. Graded as a user runs it (spawned CLI).
 */
import * as fs from "fs";
import * as path from "path";
import { cnnlab, freshDir, instructorDir, noSandboxReason, SOLUTION, submission, writeAll } from "./fixtures";

const noSandbox = noSandboxReason();
const suite = noSandbox ? describe.skip : describe;
const solved = SOLUTION.replace(/ *\/\/ (BEGIN|END) SOLUTION\n/g, "");

suite("the sandbox's tmpfs folders have a size", () => {
  jest.setTimeout(600_000);

  it("a cell that writes 1.5 GiB into its work folder fails (no space), and the notebook is still graded", async () => {
    const dir = freshDir("tmpfs-size");
    const fill = 'const fs = require("fs"); const chunk = Buffer.alloc(64 * 1024 * 1024, 1);\nfor (let i = 0; i < 24; i++) fs.writeFileSync(`fill${i}`, chunk);\n';
    writeAll(path.join(dir, "submissions"), { filler: submission(fill, solved) });
    const run = await cnnlab(["grade", "submissions", "--instructor", instructorDir(dir), "--assignment", "tiny", "--out", "out", "--memory", "256"], dir);
    expect(run.code).toBe(0);
    const [grade] = JSON.parse(fs.readFileSync(path.join(dir, "out", "grades.json"), "utf8")).grades as Array<{ earned: number; cellProblems: Array<{ status: string; error: string }> }>;
    expect(grade.cellProblems.map((c) => c.status)).toContain("error");
    expect(grade.cellProblems.map((c) => c.error).join("\n")).toMatch(/ENOSPC|no space/i);
    expect(grade.earned).toBe(3);
  });
});
