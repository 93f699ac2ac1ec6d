/** `cnnlab strip`: cleans notebooks in place; --check only reports (for CI). */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { readNotebook } from "../../lib/notebook/io";
import { hasNoOutputs } from "../../lib/notebook/strip";
import { code, notebook, removeTempDirs, tempDir, writeNotebooks } from "./fixtures";
import { PACKAGE_ROOT } from "./harness";

afterAll(removeTempDirs);

const bin = path.join(PACKAGE_ROOT, "bin/cnnlab.js");
const cnnlab = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });

function dirtyFolder(): string {
  const ran = code("console.log(1)", ["check:one"]);
  ran.execution_count = 1;
  ran.outputs = [{ output_type: "stream", name: "stdout", text: "1\n" }];
  return writeNotebooks(tempDir(), { "dirty.ipynb": notebook(ran), "clean.ipynb": notebook(code("2")) });
}

it("--check exits non-zero naming the notebooks with outputs, and changes nothing", () => {
  const dir = dirtyFolder();
  const before = fs.readFileSync(path.join(dir, "dirty.ipynb"), "utf8");
  const r = cnnlab("strip", "--check", dir);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(`1 notebook(s) carry outputs: ${path.join(dir, "dirty.ipynb")}`);
  expect(fs.readFileSync(path.join(dir, "dirty.ipynb"), "utf8")).toBe(before);
});

it("strips outputs in place, keeping tags, and leaves clean notebooks untouched", () => {
  const dir = dirtyFolder();
  const cleanBefore = fs.readFileSync(path.join(dir, "clean.ipynb"), "utf8");
  const r = cnnlab("strip", dir);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain(`stripped ${path.join(dir, "dirty.ipynb")}`);
  const nb = readNotebook(path.join(dir, "dirty.ipynb"));
  expect(hasNoOutputs(nb)).toBe(true);
  expect(nb.cells[0].metadata.tags).toEqual(["check:one"]);
  expect(fs.readFileSync(path.join(dir, "clean.ipynb"), "utf8")).toBe(cleanBefore);
  expect(cnnlab("strip", "--check", dir).status).toBe(0);
});
