/**
 * Second red-team round against `cnnlab grade` (issue 18), each attack graded as a user runs it (spawned CLI).
 * What a hostile student must NOT achieve:
 *   - read a hidden test's inputs back from a later visible test (its error or value is shown in full),
 *   - read them back from the time a hidden test took (a function that sleeps as long as its argument says),
 *   - take another student's gradebook key, result file and feedback page with a folder name that the
 *     key numbering turns into the other's key,
 *   - have the grader read a file of the instructor's through a symbolic link submitted as a notebook,
 *   - stall the whole batch with a named pipe submitted as a notebook,
 *   - solve a4 with the conv explorer's float64 window sums (dist/kernel-ext), a second copy of the answer key,
 *   - solve a8 with cnnlab's own interpret.saliency / interpret.occlusion.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { readNotebook, writeNotebook } from "../../lib/notebook/io";
import type { Notebook } from "../../lib/notebook/types";
import { cnnlab, freshDir, instructorDir, instructorNotebook, noSandboxReason, PACKAGE_ROOT, SOLUTION, submission, writeAll } from "./fixtures";

const noSandbox = noSandboxReason();
if (noSandbox) console.warn(`skipping the second red-team round: ${noSandbox}`);
const suite = noSandbox ? describe.skip : describe;
const solved = SOLUTION.replace(/ *\/\/ (BEGIN|END) SOLUTION\n/g, "");
const zeros = "function double(x: number[]): number[] { return [0]; }\n";
/** The hidden sleeper waits this long: far above what the rest of its run takes, below the hidden test's limit. */
const SLEEP_S = 30;

interface Grade {
  student: string;
  file: string;
  earned: number;
  seconds: number;
  notes: string[];
  tests: Array<{ id: string; hidden: boolean; earned: number; seconds: number; error?: string }>;
  cellProblems: Array<{ cellNumber: number; status: string; error: string }>;
}

/** The tiny assignment with its hidden test placed BEFORE the visible one (as every course assignment interleaves them). */
function hiddenFirst(): Notebook {
  const nb = instructorNotebook();
  const [imports, solution, visible, hidden] = nb.cells;
  const later = { ...hidden, metadata: { cnnlab: { grade: { id: "double_hidden", points: 2, hidden: true, timeout_s: SLEEP_S + 30 } } } };
  return { ...nb, cells: [imports, solution, later, visible] };
}

suite("cnnlab grade against the second red-team round", () => {
  jest.setTimeout(900_000);

  let dir: string;
  let grades: Grade[];
  let run: { code: number | null; stdout: string; stderr: string };
  const grade = (student: string): Grade => {
    const g = grades.find((x) => x.student === student);
    if (!g) throw new Error(`no grade for ${student} (keys: ${grades.map((x) => x.student).join(", ")})`);
    return g;
  };
  const page = (student: string, ext: "md" | "html"): string => fs.readFileSync(path.join(dir, "out", "feedback", `${student}.${ext}`), "utf8");

  beforeAll(async () => {
    dir = freshDir("attack2");
    const subs = path.join(dir, "submissions");
    const folders: Record<string, Notebook> = {
      // Keeps what the hidden test's calls passed it and throws it from the visible test's call.
      leaker: submission(
        [
          "const seen: number[][] = [];",
          "function double(x: number[]): number[] {",
          '  if (x.length === 2 && seen.length > 0) throw new Error("LEAK " + JSON.stringify(seen));',
          "  if (x.length !== 2) seen.push([...x]);",
          "  return x.map((v) => 2 * v);",
          "}",
          "",
        ].join("\n")
      ),
      // Takes SLEEP_S seconds when its input holds the hidden -1.5: the hidden test's time would say so.
      sleeper: submission(
        `async function double(x: number[]): Promise<number[]> {\n  if (x.includes(-1.5)) await new Promise((r) => setTimeout(r, ${SLEEP_S * 1000}));\n  return x.map((v) => 2 * v);\n}\n`
      ),
      // Three folders whose keys were "bob_", "bob_-2" and "bob_-2" (numbering met another student's own name).
      "bob?": submission(solved),
      bob_: submission(zeros),
      "bob_-2": submission(solved),
    };
    for (const [folder, nb] of Object.entries(folders)) {
      fs.mkdirSync(path.join(subs, folder), { recursive: true });
      writeAll(path.join(subs, folder), { tiny: nb });
    }
    const instructor = instructorDir(dir, hiddenFirst());
    // Mallory's "notebook" is a link to the instructor notebook, which the grader (the instructor) may read.
    fs.mkdirSync(path.join(subs, "mallory"));
    fs.symlinkSync(path.join(instructor, "tiny.instructor.ipynb"), path.join(subs, "mallory", "tiny.ipynb"));
    // Fiona's is a named pipe: nobody ever writes to it, so a blocking read would wait for ever.
    fs.mkdirSync(path.join(subs, "fiona"));
    const fifo = spawnSync("mkfifo", [path.join(subs, "fiona", "tiny.ipynb")]);
    if (fifo.status !== 0) throw new Error(`mkfifo failed: ${fifo.stderr}`);
    // The files named one by one, as a shell expands `submissions/*/tiny.ipynb`.
    const files = fs.readdirSync(subs).sort().map((folder) => path.join("submissions", folder, "tiny.ipynb"));
    run = await cnnlab(["grade", ...files, "--instructor", instructor, "--assignment", "tiny", "--out", "out", "-j", "2"], dir);
    grades = JSON.parse(fs.readFileSync(path.join(dir, "out", "grades.json"), "utf8")).grades;
  }, 900_000);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("grades the batch", () => {
    expect(run.stderr).not.toContain("fails its own tests");
    expect(run.code).toBe(0);
    expect(grades).toHaveLength(7);
  });

  it("a submission that is a named pipe is refused without blocking the batch", () => {
    const g = grades.find((x) => x.file.includes("fiona"))!;
    expect(g.earned).toBe(0);
    expect(g.notes[0]).toMatch(/^the submission could not be read: .*fiona.tiny\.ipynb is not a regular file/);
  });

  it("a submission that is a symbolic link is not followed (it named the instructor notebook)", () => {
    const g = grades.find((x) => x.file.includes("mallory"))!;
    expect(g.earned).toBe(0);
    expect(g.notes[0]).toMatch(/^the submission could not be read: .*mallory.tiny\.ipynb is a symbolic link/);
  });

  it("a hidden test's inputs do not come back through a later visible test: visible tests run first", () => {
    const g = grade("leaker");
    for (const text of [JSON.stringify(g), page("leaker", "md"), page("leaker", "html")]) {
      // The hidden input is [3, -1.5, 0]; -1.5 is in no visible test (Markdown escapes: drop backslashes first).
      expect(text.replace(/\\/g, "")).not.toMatch(/-1\.5|1\.5,0/);
    }
    // Nothing was stored when the visible test called: it passes, and so does the hidden one.
    expect(g.earned).toBe(3);
  });

  it("a hidden test's time is not shown, and the time shown does not count it", () => {
    const g = grade("sleeper");
    const hidden = g.tests.find((t) => t.id === "double_hidden")!;
    // The sleep happened (the instructor's JSON records it) and the hidden test still passed.
    expect(hidden.seconds).toBeGreaterThanOrEqual(SLEEP_S);
    expect(g.earned).toBe(3);
    const md = page("sleeper", "md");
    const html = page("sleeper", "html");
    expect(html).not.toContain(`${hidden.seconds.toFixed(1)} s`);
    for (const text of [md, html]) {
      const shown = Number(/time used ([\d.]+) s \(hidden tests not counted\)/.exec(text)?.[1]);
      expect(shown).toBeLessThanOrEqual(g.seconds - SLEEP_S + 0.1);
    }
  });

  it("every student keeps a key of their own: numbering never yields another student's key", () => {
    const keys = grades.map((g) => g.student);
    expect(new Set(keys).size).toBe(keys.length);
    expect(fs.readdirSync(path.join(dir, "out", "results")).sort()).toEqual(keys.map((k) => `${k}.json`).sort());
    const byFolder = (folder: string): Grade => grades.find((g) => path.basename(path.dirname(g.file)) === folder)!;
    // The folder named "bob_-2" keeps its own name; the numbered key goes elsewhere.
    expect(byFolder("bob_-2").student).toBe("bob_-2");
    for (const [folder, earned] of [["bob?", 3], ["bob_", 0], ["bob_-2", 3]] as const) {
      const g = byFolder(folder);
      expect({ folder, earned: g.earned }).toEqual({ folder, earned });
      const saved = JSON.parse(fs.readFileSync(path.join(dir, "out", "results", `${g.student}.json`), "utf8")) as Grade;
      expect({ folder, file: saved.file, earned: saved.earned }).toEqual({ folder, file: g.file, earned });
    }
  });
});

suite("a8-saliency against cnnlab's own interpretation methods", () => {
  jest.setTimeout(900_000);

  it("interpret.saliency and interpret.occlusion are not available while a8 is graded", async () => {
    const dir = freshDir("attack2-a8");
    const assignments = path.join(PACKAGE_ROOT, "notebooks", "assignments");
    const nb = readNotebook(path.join(assignments, "a8-saliency.ipynb"));
    // No gradient and no occlusion loop written: the nets become tf models, the library does the rest.
    // (R, tf and Mlp come from the notebook's first cell; the signatures are the notebook's, async since interpret.* reads asynchronously.)
    const viaLibrary = `
import { interpret } from "cnnlab";
function asModel(net: Mlp, imageShape: number[]): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: imageShape })] });
  for (const { W, b, relu } of net.layers) {
    const dense = tf.layers.dense({ units: W.shape[1], activation: relu ? "relu" : "linear" });
    model.add(dense);
    dense.setWeights([tf.tensor2d(Float32Array.from(W.data), W.shape as [number, number]), tf.tensor1d(Float32Array.from(b.data))]);
  }
  return model;
}
async function saliency(net: Mlp, images: R.NdArray, classes: number[]): Promise<R.NdArray> {
  const map = await interpret.saliency(asModel(net, images.shape.slice(1)), tf.tensor(Float32Array.from(images.data), images.shape), { classIndex: classes });
  return { shape: map.shape, data: Float64Array.from(await map.data()) } as any;
}
async function occlusion(net: Mlp, image: R.NdArray, cls: number, patch: number, stride: number): Promise<R.NdArray> {
  const map = await interpret.occlusion(asModel(net, image.shape), tf.tensor(Float32Array.from(image.data), image.shape), { patch, stride, classIndex: cls });
  return { shape: map.shape, data: Float64Array.from(await map.data()) } as any;
}
`;
    nb.cells.push({ cell_type: "code", id: "vialibrary", metadata: {}, source: viaLibrary, execution_count: null, outputs: [] });
    fs.mkdirSync(path.join(dir, "submissions"));
    writeNotebook(path.join(dir, "submissions", "library.ipynb"), nb);
    const run = await cnnlab(["grade", "submissions", "--instructor", assignments, "--assignment", "a8-saliency", "--quick", "--out", "out"], dir);
    expect(run.stderr).not.toContain("fails its own tests");
    expect(run.code).toBe(0);
    const [g] = JSON.parse(fs.readFileSync(path.join(dir, "out", "grades.json"), "utf8")).grades as Grade[];
    for (const id of ["saliency_linear", "saliency_hidden", "occlusion_linear", "occlusion_hidden"]) {
      expect({ id, earned: g.tests.find((t) => t.id === id)!.earned }).toEqual({ id, earned: 0 });
    }
    expect(g.tests.find((t) => t.id === "saliency_linear")!.error).toBe("Error: interpret.saliency is not available while grading this assignment");
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

suite("a4-image-kernels against the conv explorer's copy of the convolution", () => {
  jest.setTimeout(900_000);

  it("kernel-ext's convAt / convOutput are not available while a4 is graded", async () => {
    const dir = freshDir("attack2-a4");
    const assignments = path.join(PACKAGE_ROOT, "notebooks", "assignments");
    const nb = readNotebook(path.join(assignments, "a4-image-kernels.ipynb"));
    // No window sum written: the explorer widget's float64 correlation (stride 1, no padding) on a padded copy.
    const viaExplorer = `
const explorer = require("cnnlab/dist/kernel-ext/convExplorer");
function nested(a: R.NdArray, top = 0, bottom = 0, left = 0, right = 0): number[][] {
  const [H, W] = a.shape;
  return Array.from({ length: H + top + bottom }, (_, i) => Array.from({ length: W + left + right }, (_, j) => {
    const r = i - top, s = j - left;
    return r >= 0 && r < H && s >= 0 && s < W ? a.data[r * W + s] : 0;
  }));
}
function correlate(image: R.NdArray, kernel: R.NdArray, mode: "valid" | "same" = "valid"): R.NdArray {
  const [kh, kw] = kernel.shape;
  const t = mode === "same" ? Math.floor((kh - 1) / 2) : 0, l = mode === "same" ? Math.floor((kw - 1) / 2) : 0;
  const X = mode === "same" ? nested(image, t, kh - 1 - t, l, kw - 1 - l) : nested(image);
  const Y: number[][] = explorer.convOutput(X, nested(kernel), 1, 0);
  return { shape: [Y.length, Y[0].length], data: Float64Array.from(([] as number[]).concat(...Y)) } as any;
}
function convolve(image: R.NdArray, kernel: R.NdArray, mode: "valid" | "same" = "valid"): R.NdArray {
  return correlate(image, { shape: kernel.shape, data: Float64Array.from(kernel.data).reverse() } as any, mode);
}
`;
    nb.cells.push({ cell_type: "code", id: "viaexplorer", metadata: {}, source: viaExplorer, execution_count: null, outputs: [] });
    fs.mkdirSync(path.join(dir, "submissions"));
    writeNotebook(path.join(dir, "submissions", "explorer.ipynb"), nb);
    const run = await cnnlab(["grade", "submissions", "--instructor", assignments, "--assignment", "a4-image-kernels", "--quick", "--out", "out"], dir);
    expect(run.stderr).not.toContain("fails its own tests");
    expect(run.code).toBe(0);
    const [g] = JSON.parse(fs.readFileSync(path.join(dir, "out", "grades.json"), "utf8")).grades as Grade[];
    for (const id of ["correlate_by_hand", "correlate_modes", "correlate_hidden"]) {
      expect({ id, earned: g.tests.find((t) => t.id === id)!.earned }).toEqual({ id, earned: 0 });
    }
    expect(g.tests.find((t) => t.id === "correlate_by_hand")!.error).toBe("Error: kernel-ext.convGeometry is not available while grading this assignment");
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

suite("a5-conv-arithmetic against a submission that always throws", () => {
  jest.setTimeout(900_000);

  it("throwing an error that names every argument earns nothing: a throw counts only from a function that also answers", async () => {
    const dir = freshDir("attack2-a5-throws");
    const assignments = path.join(PACKAGE_ROOT, "notebooks", "assignments");
    const nb = readNotebook(path.join(assignments, "a5-conv-arithmetic.ipynb"));
    // Every "throws naming X" check is satisfied by this message; no size is ever computed.
    const alwaysThrows = `
const everything = "input kernel stride pad padding layer 1 layer 2 layer 3";
function outputSize(input: number, kernel: number, stride = 1, pad: Pad = 0): number { throw new Error(everything); }
function samePadding(input: number, kernel: number, stride = 1): { before: number; after: number } { throw new Error(everything); }
function convParams(kernel: number | [number, number], inChannels: number, filters: number, bias = true): number { throw new Error(everything); }
function receptiveField(layers: { kernel: number; stride?: number }[]): number { throw new Error(everything); }
function layerShapes(input: [number, number, number], layers: Layer[]): [number, number, number][] { throw new Error(everything); }
`;
    nb.cells.push({ cell_type: "code", id: "alwaysthrows", metadata: {}, source: alwaysThrows, execution_count: null, outputs: [] });
    fs.mkdirSync(path.join(dir, "submissions"));
    writeNotebook(path.join(dir, "submissions", "thrower.ipynb"), nb);
    const run = await cnnlab(["grade", "submissions", "--instructor", assignments, "--assignment", "a5-conv-arithmetic", "--quick", "--out", "out"], dir);
    expect(run.stderr).not.toContain("fails its own tests");
    expect(run.code).toBe(0);
    const [g] = JSON.parse(fs.readFileSync(path.join(dir, "out", "grades.json"), "utf8")).grades as Grade[];
    expect(g.tests.filter((t) => t.earned > 0).map((t) => `${t.id}: ${t.earned}`)).toEqual([]);
    expect(g.earned).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
