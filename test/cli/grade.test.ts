/**
 * `cnnlab grade` from a fresh process: its help and its argument errors. Grading itself
 * (sandboxes, scores, feedback) is tested in test/grading/.
 */
import * as fs from "fs";
import { code, notebook, writeNotebooks } from "../notebooks/fixtures";
import { cnnlab, removeTempDirs, tempDir } from "./spawn";

afterAll(removeTempDirs);

describe("cnnlab grade", () => {
  it("--help lists the options", () => {
    const r = cnnlab(["grade", "--help"], { cwd: tempDir() });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cnnlab grade \[options\] <submissions\.\.\.>/);
    for (const option of ["--instructor", "--assignment", "--json", "--feedback", "--csv", "--quick", "--concurrency", "--timeout", "--memory", "--unsafe-no-sandbox"]) {
      expect(r.stdout).toContain(option);
    }
  });

  it.each([
    { case: "a submission that does not exist", argv: ["missing.ipynb", "--instructor", "teacher", "-a", "hw"], msg: /^cnnlab grade: <submissions>: no such file or folder "missing\.ipynb"$/m },
    { case: "--concurrency 0", argv: ["sub.ipynb", "--concurrency", "0"], msg: /--concurrency expects an integer >= 1, got "0"/ },
    { case: "--timeout 1.5", argv: ["sub.ipynb", "--timeout", "1.5"], msg: /--timeout expects an integer >= 1, got "1\.5"/ },
    { case: "no --instructor folder", argv: ["sub.ipynb", "-a", "hw"], msg: /^cnnlab grade: --instructor <dir>: name the folder with the instructor notebooks/m },
    { case: "an --instructor that is not a folder", argv: ["sub.ipynb", "--instructor", "nowhere", "-a", "hw"], msg: /^cnnlab grade: --instructor: "nowhere" is not a folder/m },
    { case: "no --assignment (it is never read from a submission)", argv: ["sub.ipynb", "--instructor", "teacher"], msg: /^cnnlab grade: --assignment <name>: name the assignment to grade.*never taken from a submission/m },
    { case: "an unknown assignment", argv: ["sub.ipynb", "--instructor", "teacher", "-a", "no-such-assignment"], msg: /^cnnlab grade: --assignment: no assignment named "no-such-assignment" in .*teacher/m },
  ])("$case: a message saying so, exit code 1, nothing written", ({ argv, msg }) => {
    const dir = writeNotebooks(tempDir(), { "sub.ipynb": notebook(code("1 + 1")) });
    fs.mkdirSync(`${dir}/teacher`); // an instructor folder without the assignment
    const r = cnnlab(["grade", ...argv, "--json", "out.json"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(msg);
    expect(fs.readdirSync(dir).sort()).toEqual(["sub.ipynb", "teacher"]);
  });
});
