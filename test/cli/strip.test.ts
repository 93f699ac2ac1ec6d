/** `cnnlab strip` from a fresh process, with notebook paths relative to the working folder. */
import * as fs from "fs";
import * as path from "path";
import { readNotebook } from "../../lib/notebook/io";
import { hasNoOutputs } from "../../lib/notebook/strip";
import type { CodeCell } from "../../lib/notebook/types";
import { code, notebook, writeNotebooks } from "../notebooks/fixtures";
import { cnnlab, removeTempDirs, tempDir } from "./spawn";

afterAll(removeTempDirs);

function withOutputs(): string {
  const ran = code("console.log(1)", ["check:one"]);
  ran.execution_count = 3;
  ran.outputs = [{ output_type: "stream", name: "stdout", text: "1\n" }];
  return writeNotebooks(tempDir(), { "week1/ran.ipynb": notebook(ran) });
}

describe("cnnlab strip", () => {
  it("--check: exit code 1 naming the notebook with outputs; then strip clears them; then --check passes", () => {
    const dir = withOutputs();
    const file = path.join("week1", "ran.ipynb");
    const before = fs.readFileSync(path.join(dir, file), "utf8");

    const check = cnnlab(["strip", "--check", "week1"], { cwd: dir });
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(new RegExp(`^cnnlab strip --check: 1 notebook\\(s\\) carry outputs: ${file.replace(/\./g, "\\.")}; run \`cnnlab strip\``, "m"));
    expect(fs.readFileSync(path.join(dir, file), "utf8")).toBe(before);

    const strip = cnnlab(["strip", file], { cwd: dir });
    expect(strip.status).toBe(0);
    expect(strip.stdout.trim()).toBe(`stripped ${file}`);
    const cell = readNotebook(path.join(dir, file)).cells[0] as CodeCell;
    expect(cell.outputs).toEqual([]);
    expect(cell.execution_count).toBeNull();
    expect(cell.metadata.tags).toEqual(["check:one"]);

    const again = cnnlab(["strip", "--check", "week1"], { cwd: dir });
    expect(again.status).toBe(0);
    expect(again.stdout.trim()).toBe("no outputs to strip");
  });

  it("a folder: strips the notebooks with outputs in place, keeping tags, and leaves clean ones byte for byte", () => {
    const ran = code("console.log(1)", ["check:one"]);
    ran.execution_count = 1;
    ran.outputs = [{ output_type: "stream", name: "stdout", text: "1\n" }];
    const dir = writeNotebooks(tempDir(), { "course/dirty.ipynb": notebook(ran), "course/clean.ipynb": notebook(code("2")) });
    const cleanBefore = fs.readFileSync(path.join(dir, "course", "clean.ipynb"), "utf8");
    const r = cnnlab(["strip", "course"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(`stripped ${path.join("course", "dirty.ipynb")}`);
    const nb = readNotebook(path.join(dir, "course", "dirty.ipynb"));
    expect(hasNoOutputs(nb)).toBe(true);
    expect(nb.cells[0].metadata.tags).toEqual(["check:one"]);
    expect(fs.readFileSync(path.join(dir, "course", "clean.ipynb"), "utf8")).toBe(cleanBefore);
  });

  it("a path that does not exist: a message naming it, exit code 1", () => {
    const r = cnnlab(["strip", "nowhere.ipynb"], { cwd: tempDir() });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^cnnlab strip: .*"nowhere\.ipynb"/m);
  });
});
