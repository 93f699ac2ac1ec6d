/**
 * The runner executes cells with tslab's executor in a fresh notebook process and records
 * outputs as Jupyter would. Fixture notebooks are built here; expected outputs are by hand.
 */
import { executeNotebook, type ExecutionResult } from "../../lib/runner/execute";
import type { DisplayDataOutput, ErrorOutput } from "../../lib/notebook/types";
import { code, markdown, notebook, removeTempDirs, tempDir } from "../notebooks/fixtures";
import { harnessView, type NotebookRun } from "../notebooks/harness";

afterAll(removeTempDirs);

async function run(nb: ReturnType<typeof notebook>, env: Record<string, string> = {}, cellTimeoutS = 60): Promise<NotebookRun> {
  return harnessView(await executeNotebook(nb, { dir: tempDir(), env, cellTimeoutS }));
}

describe("a notebook whose cells all succeed", () => {
  let r: NotebookRun;
  beforeAll(async () => {
    r = await run(
      notebook(
        markdown("# Title"),
        code('console.log("hello", 6 * 7);\nconsole.error("careful");', ["check:streams"]),
        code('import * as tslab from "tslab";\ntslab.display.html("<b>bold</b>");\ntslab.display.png(new Uint8Array([137, 80, 78, 71]));', ["check:display"]),
        code('const d = tslab.newDisplay();\nd.text("first");\nd.text("last");', ["check:update"]),
        code("const answer: number = 40 + 2;\nanswer", ["check:last-expression"]),
        code("", ["check:empty"]),
        code("await new Promise((resolve) => setTimeout(resolve, 20));\nconsole.log(answer);", ["check:await"]),
        code('console.log(process.env.CNNLAB_QUICK ?? "unset")', ["check:env"]),
        // Seen by no later notebook: each gets a fresh process (checked in "failing cells" below).
        code("(globalThis as any).leaked = 1;")
      ),
      { CNNLAB_QUICK: "1" }
    );
  });

  it("reports success with one report per non-empty code cell", () => {
    expect(r.result.ok).toBe(true);
    expect(r.result.cells.map((c) => c.cellNumber)).toEqual([2, 3, 4, 5, 7, 8, 9]);
    expect(r.result.cells.every((c) => c.codeCount === 7)).toBe(true);
  });

  it("captures stdout and stderr as separate stream outputs", () => {
    expect(r.outputs("streams")).toEqual([
      { output_type: "stream", name: "stdout", text: "hello 42\n" },
      { output_type: "stream", name: "stderr", text: "careful\n" },
    ]);
  });

  it("captures tslab.display bundles as display_data (PNG bytes as base64)", () => {
    const outs = r.outputs("display") as DisplayDataOutput[];
    expect(outs.map((o) => o.output_type)).toEqual(["display_data", "display_data"]);
    expect(outs[0].data).toEqual({ "text/html": "<b>bold</b>" });
    // 137 80 78 71 = "\x89PNG", base64 "iVBORw=="
    expect(outs[1].data).toEqual({ "image/png": "iVBORw==" });
    expect(r.bundles("display")).toEqual([{ "text/html": "<b>bold</b>" }, { "image/png": "iVBORw==" }]);
  });

  it("keeps only the last state of an updated display (newDisplay)", () => {
    expect(r.outputs("update")).toEqual([{ output_type: "display_data", data: { "text/plain": "last" }, metadata: {} }]);
  });

  it("prints the value of a cell's last expression, as tslab's kernel does", () => {
    expect(r.text("last-expression")).toBe("42\n");
  });

  it("skips empty cells (no execution count) and numbers the others in order", () => {
    const counts = r.notebook.cells.map((c) => (c.cell_type === "code" ? c.execution_count : "md"));
    expect(counts).toEqual(["md", 1, 2, 3, 4, null, 5, 6, 7]);
  });

  it("awaits top-level await and keeps state between cells", () => {
    expect(r.text("await")).toBe("42\n");
  });

  it("passes extra environment (CNNLAB_QUICK) to the notebook process", () => {
    expect(r.text("env")).toBe("1\n");
    expect(r.stdout("streams")).toBe("hello 42\n");
  });

  it("records each cell's start and end time in nbclient's metadata.execution", () => {
    const cell = r.notebook.cells[1];
    const t = cell.metadata.execution as Record<string, string>;
    expect(Date.parse(t["shell.execute_reply"])).toBeGreaterThanOrEqual(Date.parse(t["iopub.execute_input"]));
  });
});

describe("failing cells stop the notebook", () => {
  it.each([
    ["a thrown Error", 'throw new RangeError("radius must be > 0, got -1");', "RangeError", "radius must be > 0, got -1"],
    ["a thrown string", 'throw "plain string";', "Error", "plain string"],
    ["a rejected await", 'await Promise.reject(new TypeError("bad shape [2,3]"));', "TypeError", "bad shape [2,3]"],
    ["a TypeScript type error", "const s: string = 5;", "TypeScriptError", "line 1, column 7: Type 'number' is not assignable to type 'string'."],
    ["an unknown name", "notDefinedAnywhere + 1;", "TypeScriptError", "line 1, column 1: Cannot find name 'notDefinedAnywhere'."],
  ])("%s: error output, cell number reported, later cells not run", async (_case, failing, ename, evalue) => {
    const probe = code("console.log(typeof (globalThis as any).leaked);", ["check:before"]);
    const r = await run(notebook(markdown("intro"), probe, code(failing, ["check:fail"]), code('console.log("after");', ["check:after"])));
    // Fresh state: the global set by the first notebook of this file is not here.
    expect(r.text("before")).toBe("undefined\n");
    expect(r.result.ok).toBe(false);
    expect(r.result.failedCell).toMatchObject({ cellNumber: 3, codeNumber: 2, codeCount: 3, ok: false, error: `${ename}: ${evalue}` });
    const err = r.error("fail") as ErrorOutput;
    expect(err).toMatchObject({ output_type: "error", ename, evalue });
    expect(err.traceback.join("\n")).toContain(evalue);
    expect(r.outputs("after")).toEqual([]);
    expect(r.notebook.cells[3]).toMatchObject({ execution_count: null });
  });

  it("a cell that runs past the time limit is stopped with a Timeout error", async () => {
    const r = await run(notebook(code("while (true) {}", ["check:spin"]), code("1")), {}, 1);
    expect(r.result.failedCell).toMatchObject({ cellNumber: 1, ok: false });
    expect(r.error("spin")).toMatchObject({ ename: "Timeout", evalue: "the cell ran longer than the 1 s limit (--cell-timeout) and was stopped" });
  });

  it("a cell that exits the process is reported, not hung on", async () => {
    const r = await run(notebook(code("process.exit(3)", ["check:exit"])));
    expect(r.error("exit")).toMatchObject({ ename: "NotebookProcessExited", evalue: "the notebook process exited with code 3" });
  });
});

describe("executeNotebook argument checks", () => {
  it("rejects a folder that does not exist, naming it", async () => {
    await expect(executeNotebook(notebook(), { dir: "/no/such/folder" })).rejects.toThrow('"dir" must be an existing folder, got "/no/such/folder"');
  });

  it("rejects a negative cell time limit, repeating it", async () => {
    await expect(executeNotebook(notebook(), { dir: tempDir(), cellTimeoutS: -2 })).rejects.toThrow('"cellTimeoutS" must be a number >= 0 (0 = no limit), got -2');
  });
});

export type { ExecutionResult };
