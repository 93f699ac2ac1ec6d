/**
 * `cnnlab run` over files and folders: sorted order, one executed .ipynb and HTML report per
 * notebook written atomically, progress lines, a failing notebook not stopping the run.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { readNotebook } from "../../lib/notebook/io";
import { findNotebooks } from "../../lib/runner/find";
import { runNotebooks, type NotebookSummary } from "../../lib/runner/run";
import { code, markdown, notebook, removeTempDirs, tempDir, writeNotebooks } from "../notebooks/fixtures";
import { PACKAGE_ROOT } from "../notebooks/harness";

afterAll(removeTempDirs);

describe("findNotebooks", () => {
  it("runs a folder's notebooks recursively in code-point order, skipping checkpoints", () => {
    const dir = writeNotebooks(tempDir(), {
      "10-c.ipynb": notebook(),
      "01-a.ipynb": notebook(),
      "2-b.ipynb": notebook(),
      "sub/00-x.ipynb": notebook(),
      ".ipynb_checkpoints/01-a-checkpoint.ipynb": notebook(),
    });
    fs.writeFileSync(path.join(dir, "notes.txt"), "not a notebook");
    expect(findNotebooks([dir]).map((t) => t.outName)).toEqual(["01-a", "10-c", "2-b", path.join("sub", "00-x")]);
  });

  it.each([
    ["a missing path", ["/no/such/thing.ipynb"], 'no such notebook or folder: "/no/such/thing.ipynb"'],
    ["a file that is not a notebook", [__filename], `expected a notebook ending in .ipynb or a folder, got ${JSON.stringify(__filename)}`],
    ["no paths", [], "give at least one notebook (.ipynb) or folder of notebooks"],
  ])("rejects %s, naming it", (_case, paths, message) => {
    expect(() => findNotebooks(paths)).toThrow(message);
  });

  it("rejects a folder without notebooks", () => {
    const dir = tempDir();
    expect(() => findNotebooks([dir])).toThrow(`folder ${JSON.stringify(dir)} holds no .ipynb notebooks`);
  });

  it("rejects two notebooks that would write the same report", () => {
    const a = writeNotebooks(tempDir(), { "x.ipynb": notebook() });
    const b = writeNotebooks(tempDir(), { "x.ipynb": notebook() });
    expect(() => findNotebooks([path.join(a, "x.ipynb"), path.join(b, "x.ipynb")])).toThrow("would both write x.ipynb");
  });
});

describe("runNotebooks on a folder with a failing notebook", () => {
  let dir: string;
  let out: string;
  let lines: string[];
  let summaries: NotebookSummary[];

  beforeAll(async () => {
    dir = writeNotebooks(tempDir(), {
      "b-ok.ipynb": notebook(markdown("Square: $x^2$"), code('console.log("b ran")')),
      "a-fails.ipynb": notebook(code("const n = 1;"), code('throw new Error("stop here");'), code('console.log("unreached")')),
    });
    out = path.join(tempDir(), "reports");
    lines = [];
    summaries = await runNotebooks({ paths: [dir], outDir: out, quick: true, log: (l) => lines.push(l) });
  });

  it("runs the notebooks in sorted order and goes on after a failure", () => {
    expect(summaries.map((s) => [path.basename(s.file), s.ok])).toEqual([
      ["a-fails.ipynb", false],
      ["b-ok.ipynb", true],
    ]);
    expect(summaries[0]).toMatchObject({ failedCellNumber: 2, error: "Error: stop here" });
  });

  it("prints a progress line per cell with its number, status and time", () => {
    const cellLines = lines.filter((l) => l.trim().startsWith("["));
    expect(cellLines.map((l) => l.replace(/\d+\.\d+s/, "T"))).toEqual([
      "  [1/3] cell 1 ok T",
      "  [2/3] cell 2 FAILED T: Error: stop here",
      "  [1/1] cell 2 ok T",
    ]);
  });

  it("prints each notebook's total time and a final summary naming the failure", () => {
    expect(lines).toContainEqual(expect.stringMatching(/^  stopped at cell 2 after \d+\.\d s: Error: stop here -> .*a-fails\.html$/));
    expect(lines).toContainEqual(expect.stringMatching(/^  done in \d+\.\d s -> .*b-ok\.html$/));
    expect(lines[lines.length - 1]).toMatch(/^2 notebooks in \d+\.\d s: 1 ok, 1 failed — .*a-fails\.ipynb \(cell 2\)\. Open .*index\.html to read the reports\.$/);
  });

  it("writes the executed notebook with outputs and the run's record", () => {
    const nb = readNotebook(path.join(out, "b-ok.ipynb"));
    expect(nb.cells[1]).toMatchObject({ execution_count: 1, outputs: [{ output_type: "stream", name: "stdout", text: "b ran\n" }] });
    expect(nb.metadata.cnnlab_run).toMatchObject({ ok: true, quick: true, failed_cell: null });
    const failed = readNotebook(path.join(out, "a-fails.ipynb"));
    expect(failed.metadata.cnnlab_run).toMatchObject({ ok: false, failed_cell: 2 });
  });

  it("writes an HTML report per notebook, with the failing cell marked", () => {
    const html = fs.readFileSync(path.join(out, "a-fails.html"), "utf8");
    expect(html).toContain('<section class="cell code failed" id="cell-2">');
    expect(html).toContain("stopped at <a href=\"#cell-2\">cell 2</a>");
    expect(html).toContain('<section class="cell code not-run" id="cell-3">');
    expect(fs.readFileSync(path.join(out, "b-ok.html"), "utf8")).toContain('class="katex"');
    expect(html).toContain('<a href="index.html">all reports</a>');
  });

  it("leaves no temporary files behind", () => {
    expect(fs.readdirSync(out).sort()).toEqual(["a-fails.html", "a-fails.ipynb", "b-ok.html", "b-ok.ipynb", "index.html", "timings.json"]);
  });

  it("writes an index linking each report with its status and time", () => {
    const html = fs.readFileSync(path.join(out, "index.html"), "utf8");
    expect(html).toMatch(/<a href="a-fails\.html">a-fails<\/a><\/td><td><span class="bad">failed at cell 2<\/span><\/td><td>\d+\.\d s<\/td><td style="text-align:left">Error: stop here<\/td>/);
    expect(html).toMatch(/<a href="b-ok\.html">b-ok<\/a><\/td><td><span class="good">ok<\/span>/);
  });
});

describe("the cnnlab command", () => {
  const bin = path.join(PACKAGE_ROOT, "bin/cnnlab.js");

  it("exits non-zero when a notebook fails and says which cell", () => {
    const dir = writeNotebooks(tempDir(), { "bad.ipynb": notebook(code("const s: string = 1;")) });
    const out = path.join(tempDir(), "out");
    const r = spawnSync(process.execPath, [bin, "run", dir, "--out", out], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("[1/1] cell 1 FAILED");
    expect(r.stdout).toContain("TypeScriptError: line 1, column 7: Type 'number' is not assignable to type 'string'.");
  });

  it.each([
    ["a missing notebook", ["run", "/no/such.ipynb"], 'cnnlab run: no such notebook or folder: "/no/such.ipynb"'],
    ["a bad --cell-timeout", ["run", "x.ipynb", "--cell-timeout", "soon"], 'expected a number of seconds >= 0 (0 = no limit), got "soon"'],
  ])("reports %s clearly and exits non-zero", (_case, args, message) => {
    const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(message);
  });

  it("rejects a malformed CNNLAB_QUICK before running anything", () => {
    const dir = writeNotebooks(tempDir(), { "x.ipynb": notebook(code("1")) });
    const r = spawnSync(process.execPath, [bin, "run", dir, "--out", tempDir()], { encoding: "utf8", env: { ...process.env, CNNLAB_QUICK: "maybe" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('CNNLAB_QUICK must be one of 1, true, yes, on (quick) or 0, false, no, off (full); got "maybe"');
  });
});
