/**
 * Red-team findings against `cnnlab grade` (issue 18), graded as a user runs it (spawned CLI) on the
 * tiny `double` assignment of fixtures.ts. Each test states what a hostile student must NOT achieve.
 */
import * as fs from "fs";
import * as path from "path";
import { readNotebook, writeNotebook } from "../../lib/notebook/io";
import { cnnlab, freshDir, instructorDir, noSandboxReason, PACKAGE_ROOT, SOLUTION, submission, writeAll } from "./fixtures";

const noSandbox = noSandboxReason();
const suite = noSandbox ? describe.skip : describe;
const solved = SOLUTION.replace(/ *\/\/ (BEGIN|END) SOLUTION\n/g, "");
const zeros = "function double(x: number[]): number[] { return [0]; }\n";

interface Grade {
  student: string;
  file: string;
  earned: number;
  cellProblems: Array<{ cellNumber: number; status: string; error: string }>;
}

suite("cnnlab grade against red-team attacks", () => {
  jest.setTimeout(600_000);

  it("a student cannot take another student's gradebook key by naming her file after him (one folder per student)", async () => {
    const dir = freshDir("attack-keys");
    const subs = path.join(dir, "submissions");
    // LMS layout: one folder per student, everyone uploads "tiny.ipynb"; mallory (whose folder sorts first) uploads "bob.ipynb".
    for (const who of ["bob", "carol"]) {
      fs.mkdirSync(path.join(subs, who), { recursive: true });
      writeAll(path.join(subs, who), { tiny: submission(solved) });
    }
    fs.mkdirSync(path.join(subs, "aaa-mallory"), { recursive: true });
    writeAll(path.join(subs, "aaa-mallory"), { bob: submission(zeros) });
    const instructor = instructorDir(dir);
    const run = await cnnlab(["grade", "submissions", "--instructor", instructor, "--assignment", "tiny", "--out", "out", "-j", "2"], dir);
    expect(run.code).toBe(0);
    const grades = JSON.parse(fs.readFileSync(path.join(dir, "out", "grades.json"), "utf8")).grades as Grade[];
    const bobsKey = grades.find((g) => g.file.includes(`${path.sep}bob${path.sep}`))!;
    const mallorysKey = grades.find((g) => g.file.includes("aaa-mallory"))!;
    // The gradebook row "bob" must carry Bob's own grade (3 points), never Mallory's 0.
    expect(bobsKey.student).toBe("bob");
    expect(mallorysKey.student).not.toBe("bob");
  });

  it("files written to the sandbox's tmpfs count against its memory limit (they are host RAM the resident-memory watch does not see)", async () => {
    const dir = freshDir("attack-tmpfs");
    // 1.5 GiB into the private work folder, against --memory 256 (the watch stops a process above 2 × 256 + 512 = 1024 MiB resident).
    const fill = 'const fs = require("fs"); const chunk = Buffer.alloc(64 * 1024 * 1024, 1);\nfor (let i = 0; i < 24; i++) fs.writeFileSync(`fill${i}`, chunk);\n';
    writeAll(path.join(dir, "submissions"), { filler: submission(fill, solved) });
    const instructor = instructorDir(dir);
    const run = await cnnlab(["grade", "submissions", "--instructor", instructor, "--assignment", "tiny", "--out", "out", "--memory", "256"], dir);
    expect(run.code).toBe(0);
    const [grade] = JSON.parse(fs.readFileSync(path.join(dir, "out", "grades.json"), "utf8")).grades as Grade[];
    // The fill cell must be stopped (memory) or refused (no space): it may not hold 1.5 GiB of host RAM unnoticed.
    expect(grade.cellProblems.map((c) => c.status)).toContainEqual(expect.stringMatching(/memory|error/));
  });

  it("files in the sandbox's tmpfs count with its resident memory: a notebook that stays under the limit only by keeping its data in files is stopped", async () => {
    const dir = freshDir("attack-tmpfs-count");
    // --memory 256: stopped above 2 × 256 + 512 = 1024 MiB. Cell 1 holds memory up to 150 MiB below that; cell 2 writes
    // 2 × 125 MiB of files (within each folder's size), then waits for the watch: 100 MiB over, counted together.
    const hold = "const held = Buffer.alloc(Math.max(0, (1024 - 150) * 2 ** 20 - process.memoryUsage().rss), 1);\n";
    const fill = 'const fs = require("fs"); const chunk = Buffer.alloc(25 * 2 ** 20, 1);\nfor (let i = 0; i < 5; i++) { fs.writeFileSync(`fill${i}`, chunk); fs.writeFileSync(`/tmp/fill${i}`, chunk); }\nawait new Promise((r) => setTimeout(r, 3000));\n';
    writeAll(path.join(dir, "submissions"), { hoarder: submission(hold, fill, solved) });
    const run = await cnnlab(["grade", "submissions", "--instructor", instructorDir(dir), "--assignment", "tiny", "--out", "out", "--memory", "256"], dir);
    expect(run.code).toBe(0);
    const [grade] = JSON.parse(fs.readFileSync(path.join(dir, "out", "grades.json"), "utf8")).grades as Grade[];
    // Only the file writer is stopped, for memory, and the files are named in the reason; the rest is graded.
    expect(grade.cellProblems.map((c) => [c.cellNumber, c.status])).toEqual([[3, "memory"]]);
    expect(grade.cellProblems[0].error).toMatch(/MiB of files it wrote/);
    expect(grade.earned).toBe(3);
  });

  it("a3-lenet: the held-out labels are out of a submission's reach (a lookup of the test images in the dataset earns no held-out points)", async () => {
    const dir = freshDir("attack-a3-lookup");
    const assignments = path.join(PACKAGE_ROOT, "notebooks", "assignments");
    const nb = readNotebook(path.join(assignments, "a3-lenet.ipynb"));
    // No model at all: predictDigits looks each image up in the MNIST splits the sandbox can load itself.
    const lookup = `
import { datasets, initBackend, pick } from "cnnlab";
await initBackend();
const LUT = new Map<string, number>();
for (const split of ["train", "test"] as const) {
  const set = datasets.mnist({ source: pick("mnist", "full"), seed: 0, trainLimit: pick(2000, undefined), testLimit: pick(500, undefined) })[split];
  const t = set.images(); const px = t.dataSync() as Float32Array; t.dispose();
  for (let i = 0; i < set.labels.length; i++) LUT.set(Buffer.from(px.buffer, px.byteOffset + i * 784 * 4, 784 * 4).toString("base64"), set.labels[i]);
}
function lenetSummary() { return { layers: JSON.stringify([[null, 28, 28, 6], [null, 14, 14, 6], [null, 10, 10, 16], [null, 5, 5, 16], [null, 400], [null, 120], [null, 84], [null, 10]]), params: 61706 }; }
function predictDigits(images: any) {
  const d = Float32Array.from(images.data); const n = d.length / 784; const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = LUT.get(Buffer.from(d.buffer, i * 784 * 4, 784 * 4).toString("base64")) ?? 0;
  return out;
}
`;
    nb.cells.push({ cell_type: "code", id: "lookup", metadata: {}, source: lookup, execution_count: null, outputs: [] });
    fs.mkdirSync(path.join(dir, "submissions"));
    writeNotebook(path.join(dir, "submissions", "lookup.ipynb"), nb);
    const run = await cnnlab(["grade", "submissions", "--instructor", assignments, "--assignment", "a3-lenet", "--quick", "--out", "out"], dir);
    expect(run.code).toBe(0);
    const [grade] = JSON.parse(fs.readFileSync(path.join(dir, "out", "grades.json"), "utf8")).grades as Array<Grade & { tests: Array<{ id: string; earned: number }> }>;
    expect(grade.tests.find((t) => t.id === "lenet_heldout_accuracy")!.earned).toBe(0);
  });

  it("a2-pool-bn: reading the view's compiled reference file and evaluating it does not rebuild the blocked maxPoolForward/maxPoolBackward", async () => {
    const dir = freshDir("attack-a2-eval");
    const assignments = path.join(PACKAGE_ROOT, "notebooks", "assignments");
    const nb = readNotebook(path.join(assignments, "a2-pool-bn.ipynb"));
    // The stubs replace only the listed functions; the helpers they were made of (forEachWindow, argMax, poolGeometry) stay in the file.
    const evalHelpers = `
const P: any = {};
{
  const fs = require("fs");
  const file = require.resolve("cnnlab/dist/lib/reference/pool.js");
  const code = fs.readFileSync(file, "utf8");
  // The stubbed maxPoolForward is gone, but the helpers it was made of are still in the compiled file.
  new Function("exports", "require", "module", "__filename", "__dirname", code + "\\n;module.P = { forEachWindow, argMax, poolGeometry };")(
    {}, (m: string) => require(require("path").resolve(require("path").dirname(file), m)), P, file, require("path").dirname(file));
}
const { forEachWindow, argMax, poolGeometry } = P.P;
function maxPoolForward(X: any, size: number, stride: number) {
  const x = R.tensor(X.shape, Array.from(X.data as ArrayLike<number>), "float64");
  const g = poolGeometry("m", x, { size, stride });
  const y = R.zeros([x.shape[0], g.outH, g.outW, x.shape[3]], "float64");
  forEachWindow(x, g, (o: number, taps: number[]) => { y.data[o] = x.data[argMax(x.data, taps)]; });
  return y;
}
function maxPoolBackward(dY: any, X: any, size: number, stride: number) {
  const x = R.tensor(X.shape, Array.from(X.data as ArrayLike<number>), "float64");
  const g = poolGeometry("m", x, { size, stride });
  const dx = R.zeros(x.shape, "float64");
  forEachWindow(x, g, (o: number, taps: number[]) => { dx.data[argMax(x.data, taps)] += dY.data[o]; });
  return dx;
}
`;
    nb.cells.push({ cell_type: "code", id: "evalhelpers", metadata: {}, source: evalHelpers, execution_count: null, outputs: [] });
    fs.mkdirSync(path.join(dir, "submissions"));
    writeNotebook(path.join(dir, "submissions", "evaler.ipynb"), nb);
    const run = await cnnlab(["grade", "submissions", "--instructor", assignments, "--assignment", "a2-pool-bn", "--quick", "--out", "out"], dir);
    expect(run.code).toBe(0);
    const [grade] = JSON.parse(fs.readFileSync(path.join(dir, "out", "grades.json"), "utf8")).grades as Array<Grade & { tests: Array<{ id: string; earned: number }> }>;
    expect(grade.tests.find((t) => t.id === "pool_hidden")!.earned).toBe(0);
  });

  it("a1-conv: tfjs's conv2d and its gradients are not a shortcut to the points of a from-scratch convolution", async () => {
    const dir = freshDir("attack-a1-tf");
    const assignments = path.join(PACKAGE_ROOT, "notebooks", "assignments");
    const nb = readNotebook(path.join(assignments, "a1-conv.ipynb"));
    // No convolution written: tf.conv2d for the forward pass, tf.grads for the backward pass (float32, within the 1e-6 tolerance).
    const viaTf = `
import * as tf from "@tensorflow/tfjs";
await tf.setBackend("cpu"); await tf.ready();
function toT(a: any) { return tf.tensor(Array.from(a.data as ArrayLike<number>), a.shape); }
function convForward(X: any, K: any, b: any, stride = 1, pad = 0) {
  return tf.tidy(() => { const x = toT(X); const xp = tf.pad(x, [[0,0],[pad,pad],[pad,pad],[0,0]]); return tf.add(tf.conv2d(xp as any, toT(K) as any, stride, "valid"), toT(b)); });
}
function convBackward(dY: any, X: any, K: any, stride = 1, pad = 0) {
  const f = (x: any, k: any) => tf.conv2d(tf.pad(x, [[0,0],[pad,pad],[pad,pad],[0,0]]) as any, k, stride, "valid");
  const [dX, dK] = tf.grads(f as any)([toT(X), toT(K)], toT(dY));
  return { dX, dK, db: tf.sum(toT(dY), [0, 1, 2]) };
}
`;
    nb.cells.push({ cell_type: "code", id: "viatf", metadata: {}, source: viaTf, execution_count: null, outputs: [] });
    fs.mkdirSync(path.join(dir, "submissions"));
    writeNotebook(path.join(dir, "submissions", "viatf.ipynb"), nb);
    const run = await cnnlab(["grade", "submissions", "--instructor", assignments, "--assignment", "a1-conv", "--quick", "--out", "out"], dir);
    expect(run.code).toBe(0);
    const [grade] = JSON.parse(fs.readFileSync(path.join(dir, "out", "grades.json"), "utf8")).grades as Array<Grade & { tests: Array<{ id: string; earned: number }> }>;
    expect(grade.tests.find((t) => t.id === "conv_backward_hidden")!.earned).toBe(0);
  });

  it("a hidden test's inputs do not come back in the feedback through an error the submission throws", async () => {
    const dir = freshDir("attack-leak");
    const leak = 'function double(x: number[]): number[] { throw new Error("LEAK " + JSON.stringify(x)); }\n';
    writeAll(path.join(dir, "submissions"), { leaker: submission(leak) });
    const instructor = instructorDir(dir);
    const run = await cnnlab(["grade", "submissions", "--instructor", instructor, "--assignment", "tiny", "--out", "out"], dir);
    expect(run.code).toBe(0);
    const feedback = fs.readFileSync(path.join(dir, "out", "feedback", "leaker.md"), "utf8");
    // The visible test's input may be echoed; the hidden test's [3, -1.5, 0] must not be.
    expect(feedback).toContain("LEAK");
    // Markdown escaping turns "[3,-1.5,0]" into "\[3,\-1\.5,0\]": strip backslashes before looking.
    expect(feedback.replace(/\\/g, "")).not.toContain("[3,-1.5,0]");
  });

  it("a hidden test's inputs do not come back through the error's name, a thrown non-Error value, or the values its checks compared", async () => {
    const dir = freshDir("attack-leak-kinds");
    const leakers = {
      named: 'function double(x: number[]): number[] { const e = new Error("boom"); e.name = "LEAK" + JSON.stringify(x); throw e; }\n',
      thrown: "function double(x: number[]): number[] { throw x; }\n",
      stringy: 'function double(x: number[]): number[] { throw { toString: () => "LEAK" + JSON.stringify(x), message: "LEAK" + JSON.stringify(x) }; }\n',
      identity: "function double(x: number[]): number[] { return x; }\n",
    };
    writeAll(path.join(dir, "submissions"), Object.fromEntries(Object.entries(leakers).map(([k, v]) => [k, submission(v)])));
    const run = await cnnlab(["grade", "submissions", "--instructor", instructorDir(dir), "--assignment", "tiny", "--out", "out", "-j", "2"], dir);
    expect(run.code).toBe(0);
    for (const who of Object.keys(leakers)) {
      for (const ext of ["md", "html"]) {
        const page = fs.readFileSync(path.join(dir, "out", "feedback", `${who}.${ext}`), "utf8").replace(/\\/g, "");
        // The hidden test's input is [3, -1.5, 0] (its expected output [6, -3, 0]); -1.5 is in no visible test.
        expect({ who, ext, leaked: page.includes("-1.5") || page.includes("1.5,0") }).toEqual({ who, ext, leaked: false });
      }
    }
  });
});
