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
    for (const option of ["--assignment", "--json", "--feedback", "--csv", "--quick", "--concurrency", "--timeout", "--memory"]) {
      expect(r.stdout).toContain(option);
    }
  });

  it.each([
    { case: "a submission that does not exist", argv: ["missing.ipynb"], msg: /^cnnlab grade: <submissions>: expected existing \.ipynb files, got "missing\.ipynb"$/m },
    { case: "--concurrency 0", argv: ["sub.ipynb", "--concurrency", "0"], msg: /--concurrency expects an integer >= 1, got "0"/ },
    { case: "--timeout 1.5", argv: ["sub.ipynb", "--timeout", "1.5"], msg: /--timeout expects an integer >= 1, got "1\.5"/ },
    { case: "a submission that names no assignment", argv: ["sub.ipynb"], msg: /^cnnlab grade: sub\.ipynb does not name its assignment \(metadata\.cnnlab\.assignment\.name\); pass --assignment NAME or the instructor \.ipynb$/m },
    { case: "an unknown assignment", argv: ["sub.ipynb", "-a", "no-such-assignment"], msg: /^cnnlab grade: .*no-such-assignment/m },
  ])("$case: a message saying so, exit code 1, nothing written", ({ argv, msg }) => {
    const dir = writeNotebooks(tempDir(), { "sub.ipynb": notebook(code("1 + 1")) });
    const r = cnnlab(["grade", ...argv, "--json", "out.json"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(msg);
    expect(fs.readdirSync(dir)).toEqual(["sub.ipynb"]);
  });
});
