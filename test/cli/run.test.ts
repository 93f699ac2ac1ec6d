/** `cnnlab run` on a tiny notebook from a fresh process, in a temporary folder, with relative paths as a user types them. */
import * as fs from "fs";
import * as path from "path";
import { readNotebook } from "../../lib/notebook/io";
import type { CodeCell } from "../../lib/notebook/types";
import { code, markdown, notebook, writeNotebooks } from "../notebooks/fixtures";
import { cnnlab, removeTempDirs, tempDir } from "./spawn";

/** A stream output's text (nbformat allows a string or a list of lines). */
const cellText = (output: unknown) => ([] as string[]).concat((output as { text: string | string[] }).text).join("");

afterAll(removeTempDirs);

describe("cnnlab run", () => {
  let dir: string;
  let r: ReturnType<typeof cnnlab>;

  beforeAll(() => {
    dir = writeNotebooks(tempDir(), {
      "tiny.ipynb": notebook(markdown("# Tiny\n\nSix times seven."), code("const x: number = 6 * 7;\nconsole.log(`answer ${x}`);")),
    });
    r = cnnlab(["run", "tiny.ipynb", "--quick"], { cwd: dir });
  });

  it("prints a line per cell and a summary, and exits 0", () => {
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^tiny\.ipynb \(1\/1, quick mode\)$/m);
    expect(r.stdout).toMatch(/^ {2}\[1\/1\] cell 2 ok \d+\.\ds$/m);
    expect(r.stdout).toMatch(/^1 notebook in [\d.]+ s: 1 ok, 0 failed\./m);
  });

  it("writes the executed notebook, its HTML report and an index into ./reports", () => {
    expect(fs.readdirSync(path.join(dir, "reports")).sort()).toEqual(["index.html", "timings.json", "tiny.html", "tiny.ipynb"]);
    const cell = readNotebook(path.join(dir, "reports", "tiny.ipynb")).cells[1] as CodeCell;
    expect(cell.outputs).toHaveLength(1);
    expect(cell.outputs[0]).toMatchObject({ output_type: "stream", name: "stdout" });
    expect(cellText(cell.outputs[0])).toBe("answer 42\n");
    const html = fs.readFileSync(path.join(dir, "reports", "tiny.html"), "utf8");
    expect(html).toContain("<h1");
    expect(html).toContain("answer 42");
    expect(fs.readFileSync(path.join(dir, "reports", "index.html"), "utf8")).toContain('href="tiny.html"');
  });

  it("leaves the notebook it ran unchanged (outputs go to --out only)", () => {
    const cell = readNotebook(path.join(dir, "tiny.ipynb")).cells[1] as CodeCell;
    expect(cell.outputs).toEqual([]);
  });

  it("a path that does not exist: a message naming it, exit code 1, nothing written", () => {
    const empty = tempDir();
    const missing = cnnlab(["run", "missing.ipynb", "--out", "out"], { cwd: empty });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^cnnlab run: no such notebook or folder: "missing\.ipynb"$/m);
    expect(fs.readdirSync(empty)).toEqual([]);
  });
});
