/**
 * `cnnlab assign <folder> --out <folder>` spawned as a user runs it: the whole course's student
 * edition with the same layout, other files copied, assignments from their instructor notebooks;
 * a single file still works; bad arguments fail naming them and leave nothing behind.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { readNotebook, cellSource } from "../../lib/notebook/io";
import type { Notebook } from "../../lib/notebook/types";
import { code, markdown, notebook, removeTempDirs, tempDir, writeNotebooks } from "../notebooks/fixtures";
import { PACKAGE_ROOT } from "../notebooks/harness";
import { instructorNotebook } from "../grading/fixtures";

afterAll(removeTempDirs);

const bin = path.join(PACKAGE_ROOT, "bin/cnnlab.js");
const cnnlab = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8" });

const exercise = () => code('function f(): number {\n  // BEGIN SOLUTION\n  return 42;\n  // END SOLUTION\n}\n', ["check:f"]);
function answered(): Notebook {
  const nb = notebook(markdown("# One"), exercise(), { cell_type: "markdown", metadata: { cnnlab: { solution: true } }, source: "**Solution.** forty-two" });
  const ran = nb.cells[1];
  if (ran.cell_type === "code") ran.outputs = [{ output_type: "stream", name: "stdout", text: "42\n" }];
  return nb;
}

/** A course folder: two notebooks, a README, a data file in a subfolder, an assignment (instructor + stale student copy), a checkpoint folder. */
function courseFolder(): string {
  const root = tempDir("cnnlab-course-");
  const dir = path.join(root, "notebooks");
  writeNotebooks(dir, {
    "01-one.ipynb": answered(),
    "00-intro.ipynb": notebook(markdown("# Intro"), code("1 + 1")),
    "assignments/a9.instructor.ipynb": instructorNotebook(),
    "assignments/a9.ipynb": notebook(markdown("stale")),
    ".ipynb_checkpoints/01-one-checkpoint.ipynb": answered(),
  });
  fs.writeFileSync(path.join(dir, "README.md"), "# Course\n");
  fs.mkdirSync(path.join(dir, "data"));
  fs.writeFileSync(path.join(dir, "data", "points.csv"), "x,y\n1,2\n");
  return root;
}

const files = (dir: string): string[] =>
  (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();

describe("cnnlab assign <folder> --out <folder>", () => {
  it("writes the student edition with the same layout", () => {
    const root = courseFolder();
    const r = cnnlab(root, "assign", "notebooks", "--out", "student");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("wrote student: 3 notebooks, 2 other files");
    const out = path.join(root, "student");
    expect(files(out)).toEqual(["00-intro.ipynb", "01-one.ipynb", "README.md", path.join("assignments", "a9.ipynb"), path.join("data", "points.csv")].sort());
    const one = readNotebook(path.join(out, "01-one.ipynb"));
    const text = one.cells.map((c) => cellSource(c)).join("\n");
    expect(text).toContain('throw new Error("not implemented");');
    expect(text).toContain("*Your answer here.*");
    expect(text).not.toMatch(/return 42|forty-two|BEGIN SOLUTION/);
    expect(one.cells.every((c) => c.cell_type !== "code" || c.outputs.length === 0)).toBe(true);
    const a9 = readNotebook(path.join(out, "assignments", "a9.ipynb"));
    expect(a9.cells.map((c) => cellSource(c)).join("\n")).not.toMatch(/stale|hidden array/);
    expect(fs.readFileSync(path.join(out, "data", "points.csv"), "utf8")).toBe("x,y\n1,2\n");
    // nothing else beside the output (no staging folder left)
    expect(fs.readdirSync(root).sort()).toEqual(["notebooks", "student"]);
  });

  it("refuses a non-empty --out unless --force, then replaces it", () => {
    const root = courseFolder();
    fs.mkdirSync(path.join(root, "student"));
    fs.writeFileSync(path.join(root, "student", "old.txt"), "old");
    const refused = cnnlab(root, "assign", "notebooks", "--out", "student");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('cnnlab assign: --out "student" exists and is not empty; choose another folder or pass --force to replace it');
    expect(fs.readdirSync(path.join(root, "student"))).toEqual(["old.txt"]);
    const forced = cnnlab(root, "assign", "notebooks", "--out", "student", "--force");
    expect(forced.status).toBe(0);
    expect(fs.existsSync(path.join(root, "student", "old.txt"))).toBe(false);
    expect(fs.existsSync(path.join(root, "student", "01-one.ipynb"))).toBe(true);
    expect(fs.readdirSync(root).sort()).toEqual(["notebooks", "student"]);
  });

  it("fails naming the argument: no --out, --out inside the input, a broken notebook (nothing left behind)", () => {
    const root = courseFolder();
    expect(cnnlab(root, "assign", "notebooks").stderr).toContain('cnnlab assign: --out <folder> is required when <instructor> is a folder ("notebooks")');
    expect(cnnlab(root, "assign", "notebooks", "--out", "notebooks/student").stderr).toContain('--out "notebooks/student" must be a folder outside "notebooks" that does not contain it');
    fs.writeFileSync(path.join(root, "notebooks", "02-broken.ipynb"), JSON.stringify(notebook(code("// BEGIN SOLUTION\nreturn 1;\n"))));
    const broken = cnnlab(root, "assign", "notebooks", "--out", "student");
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain("02-broken.ipynb: cell 1: the BEGIN SOLUTION on line 1 has no END SOLUTION");
    expect(fs.readdirSync(root).sort()).toEqual(["notebooks"]);
  });

  it("a single course notebook works too", () => {
    const root = courseFolder();
    const r = cnnlab(root, "assign", "notebooks/01-one.ipynb", "-o", "one.ipynb");
    expect(r.status).toBe(0);
    const text = readNotebook(path.join(root, "one.ipynb")).cells.map((c) => cellSource(c)).join("\n");
    expect(text).toContain("*Your answer here.*");
    expect(text).not.toContain("return 42");
  });
});
