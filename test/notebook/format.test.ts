/** lib/notebook: reading, validating, writing and stripping nbformat 4 files. */
import * as fs from "fs";
import * as path from "path";
import { cellTags, outputText, parseNotebook, readNotebook, serializeNotebook, splitLines, writeNotebook } from "../../lib/notebook/io";
import { hasNoOutputs, stripOutputs } from "../../lib/notebook/strip";
import type { Notebook } from "../../lib/notebook/types";
import { code, markdown, notebook, removeTempDirs, tempDir } from "../notebooks/fixtures";

afterAll(removeTempDirs);

function executed(): Notebook {
  const cell = code("print()", ["check:x"]);
  cell.execution_count = 3;
  cell.outputs = [{ output_type: "stream", name: "stdout", text: "out\n" }];
  cell.metadata = { ...cell.metadata, collapsed: false, execution: { "iopub.execute_input": "2026-01-01T00:00:00Z" } };
  const nb = notebook(markdown("# T"), cell);
  nb.metadata.cnnlab_run = { ok: true };
  return nb;
}

describe("stripOutputs", () => {
  it("clears outputs, execution counts and run records, keeping tags and other metadata", () => {
    const stripped = stripOutputs(executed());
    expect(stripped.cells[1]).toEqual({ cell_type: "code", source: "print()", execution_count: null, outputs: [], metadata: { tags: ["check:x"], collapsed: false } });
    expect(stripped.metadata).toEqual({ kernelspec: notebook().metadata.kernelspec });
    expect(hasNoOutputs(stripped)).toBe(true);
  });

  it("does not modify its argument", () => {
    const nb = executed();
    stripOutputs(nb);
    expect(hasNoOutputs(nb)).toBe(false);
  });
});

describe("read and write", () => {
  it("round-trips a notebook unchanged, written as Jupyter does (indent 1, trailing newline)", () => {
    const file = path.join(tempDir(), "n.ipynb");
    const nb = executed();
    writeNotebook(file, nb);
    expect(fs.readFileSync(file, "utf8")).toBe(JSON.stringify(nb, null, 1) + "\n");
    expect(readNotebook(file)).toEqual(nb);
    expect(serializeNotebook(nb).endsWith("}\n")).toBe(true);
  });

  it("writes atomically: the old file stays whole until the new one is renamed over it", () => {
    const file = path.join(tempDir(), "n.ipynb");
    writeNotebook(file, notebook(markdown("old")));
    // Observe the rename that completes the write: by then the new text is whole in a temporary
    // file beside the target, and the target still holds the old text.
    const fsModule = jest.requireActual<typeof fs>("fs"); // the module object (the namespace import has read-only getters)
    const realRename = fsModule.renameSync;
    const renames: Array<{ from: string; to: string; fromText: string; toText: string }> = [];
    const spy = jest.spyOn(fsModule, "renameSync").mockImplementation((from, to) => {
      renames.push({ from: String(from), to: String(to), fromText: fs.readFileSync(from, "utf8"), toText: fs.readFileSync(to, "utf8") });
      realRename(from, to);
    });
    try {
      writeNotebook(file, notebook(markdown("new")));
    } finally {
      spy.mockRestore();
    }
    expect(renames).toHaveLength(1);
    expect(renames[0].to).toBe(file);
    expect(path.dirname(renames[0].from)).toBe(path.dirname(file));
    expect(renames[0].from).not.toBe(file);
    expect(renames[0].toText).toContain('"old"');
    expect(renames[0].fromText).toContain('"new"');
    expect(fs.readFileSync(file, "utf8")).toContain('"new"');
    expect(fs.readdirSync(path.dirname(file))).toEqual(["n.ipynb"]);
  });

  it("splits text into Jupyter's list of lines", () => {
    expect(splitLines("a\nb\n\nc")).toEqual(["a\n", "b\n", "\n", "c"]);
    expect(splitLines("")).toEqual([]);
  });

  it("names the file when it is not JSON", () => {
    const file = path.join(tempDir(), "broken.ipynb");
    fs.writeFileSync(file, "{ not json");
    expect(() => readNotebook(file)).toThrow(`${file}: not valid JSON`);
  });
});

describe("cell and output helpers", () => {
  it.each([
    ["a stream (list of lines)", { output_type: "stream", name: "stdout", text: ["a\n", "b"] }, "a\nb"],
    ["an error", { output_type: "error", ename: "RangeError", evalue: "bad", traceback: [] }, "RangeError: bad"],
    ["a bundle's text/plain", { output_type: "display_data", data: { "text/plain": "7→2", "image/png": "AA==" }, metadata: {} }, "7→2"],
    ["a bundle without text/plain", { output_type: "display_data", data: { "image/png": "AA==" }, metadata: {} }, ""],
  ] as const)("outputText of %s", (_case, output, expected) => {
    expect(outputText(output as never)).toBe(expected);
  });

  it("cellTags reads string tags and ignores malformed ones", () => {
    expect(cellTags(code("1", ["check:a", "b"]))).toEqual(["check:a", "b"]);
    expect(cellTags({ ...code("1"), metadata: { tags: "check:a" } })).toEqual([]);
    expect(cellTags({ ...code("1"), metadata: { tags: ["ok", 3] } })).toEqual(["ok"]);
  });
});

describe("parseNotebook validation", () => {
  const valid = () => JSON.parse(JSON.stringify(notebook(markdown("m"), code("c")))) as Record<string, any>;
  it.each<[string, (nb: Record<string, any>) => unknown, string]>([
    ["nbformat 3", (nb) => (nb.nbformat = 3), 'x.ipynb: "nbformat" must be 4, got 3'],
    ["no cells", (nb) => delete nb.cells, 'x.ipynb: "cells" must be an array, got nothing'],
    ["an unknown cell type", (nb) => (nb.cells[0].cell_type = "heading"), 'x.ipynb: cell 1: "cell_type" must be one of code, markdown, raw, got "heading"'],
    ["a numeric source", (nb) => (nb.cells[1].source = 42), 'x.ipynb: cell 2: "source" must be a string or an array of strings, got 42'],
    ["a code cell without outputs", (nb) => delete nb.cells[1].outputs, 'x.ipynb: cell 2: "outputs" must be an array, got nothing'],
    ["a bad output type", (nb) => (nb.cells[1].outputs = [{ output_type: "pyout" }]), 'x.ipynb: cell 2: output 1: "output_type" must be one of stream, display_data, execute_result, error, got "pyout"'],
  ])("rejects %s, naming the file, cell and field", (_case, breakIt, message) => {
    const nb = valid();
    breakIt(nb);
    expect(() => parseNotebook(nb, "x.ipynb")).toThrow(message);
  });

  it("accepts a valid notebook", () => {
    expect(parseNotebook(valid(), "x.ipynb").cells).toHaveLength(2);
  });
});
