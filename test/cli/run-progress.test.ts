/**
 * `cnnlab run`'s live progress, as a user sees it in a pipe (CI): `node bin/cnnlab.js run` in a fresh
 * process and temp folder, on a notebook whose cell trains with the dashboard. The dashboard's state
 * reaches the runner out of band: it shows in the progress lines and never in the saved notebook.
 * Asserts content, not timing (`--progress-every 0`: a line for every update).
 */
import * as fs from "fs";
import * as path from "path";
import { readNotebook } from "../../lib/notebook/io";
import type { CodeCell } from "../../lib/notebook/types";
import { code, notebook, writeNotebooks } from "../notebooks/fixtures";
import { PACKAGE_ROOT, cnnlab, removeTempDirs, tempDir } from "./spawn";

afterAll(removeTempDirs);

/** A notebook folder whose `import "cnnlab"` resolves to this checkout, as in a student's project. */
function courseFolder(): string {
  const dir = tempDir("cnnlab-progress-");
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(PACKAGE_ROOT, path.join(dir, "node_modules", "cnnlab"), "dir");
  return dir;
}

const backend = code(`import { tf } from "cnnlab";
await tf.setBackend("cpu");`);
const setup = code(`import { tf } from "cnnlab";
const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4, 4, 1] }), tf.layers.dense({ units: 2, activation: "softmax" })] });
const images = tf.randomUniform([48, 4, 4, 1], 0, 1, "float32", 1) as tf.Tensor4D;
const labels = tf.tensor1d(Array.from({ length: 48 }, (_, i) => i % 2), "int32");`);
const training = code(`import { train, dashboard } from "cnnlab";
const history = await train(model, { images: images, labels: labels }, {
  epochs: 3, batchSize: 8, seed: 1, callbacks: [dashboard({ title: "Tiny net", epochs: 3, redrawMs: 0 })],
});
console.log(\`trained \${history.epochs.length} epochs\`);`);

describe("cnnlab run: the live progress line", () => {
  let dir: string;
  let first: ReturnType<typeof cnnlab>;
  let second: ReturnType<typeof cnnlab>;

  beforeAll(() => {
    dir = writeNotebooks(courseFolder(), {
      "a-train.ipynb": notebook(backend, setup, training),
      "b-print.ipynb": notebook(code(`console.log("no training here");`)),
    });
    first = cnnlab(["run", "a-train.ipynb", "b-print.ipynb", "--quick", "--progress-every", "0"], { cwd: dir });
    second = cnnlab(["run", "a-train.ipynb", "b-print.ipynb", "--quick", "--progress-every", "0"], { cwd: dir });
  }, 240_000);

  it("runs both notebooks and exits 0", () => {
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^2 notebooks in [\d.]+ s: 2 ok, 0 failed\./m);
  });

  it("forwards the training dashboard's epoch, batch, images/s and ETA to the runner's progress lines", () => {
    const lines = first.stdout.split("\n").filter((l) => l.includes("Tiny net:"));
    expect(lines.length).toBeGreaterThan(0);
    // Course part, cell part and training part of one line.
    expect(lines.some((l) => /^\[1\/2\] a-train \| \d+ s elapsed, /.test(l))).toBe(true);
    expect(lines.every((l) => l.includes(" | cell 3/3 | Tiny net: epoch "))).toBe(true);
    expect(lines.some((l) => /Tiny net: epoch [123]\/3 batch [1-6]\/6 \| [\d.]+ img\/s \| ETA \d+ s$/.test(l))).toBe(true);
    expect(lines.some((l) => /epoch 3\/3 batch 6\/6/.test(l))).toBe(true);
  });

  it("shows the course position of every notebook, the first run without an ETA", () => {
    expect(first.stdout).toMatch(/^\[2\/2\] b-print \| \d+ s elapsed, /m);
    expect(first.stdout).toContain("no course ETA (first run)");
  });

  it("keeps each notebook's time beside the reports, and the next run gives a course ETA from them", () => {
    const timings = JSON.parse(fs.readFileSync(path.join(dir, "reports", "timings.json"), "utf8"));
    expect(Object.keys(timings.quick).sort()).toEqual(["a-train", "b-print"]);
    expect(timings.full).toEqual({});
    for (const s of Object.values(timings.quick)) expect(typeof s).toBe("number");
    expect(second.status).toBe(0);
    expect(second.stdout).not.toContain("no course ETA");
    expect(second.stdout).toMatch(/^\[1\/2\] a-train \| \d+ s elapsed, course ETA \d+ (s|min)/m);
  });

  it("keeps the progress out of the saved notebook: the cell's outputs are what the student sees", () => {
    const cell = readNotebook(path.join(dir, "reports", "a-train.ipynb")).cells[2] as CodeCell;
    const text = JSON.stringify(cell.outputs);
    expect(text).toContain("trained 3 epochs");
    expect(text).not.toContain("course ETA");
    expect(text).not.toContain("cell 3/3");
  });

  it("--progress-every must be a number of seconds", () => {
    const bad = cnnlab(["run", "b-print.ipynb", "--progress-every", "soon"], { cwd: dir });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--progress-every.*expected a number of seconds >= 0 \(0 = every update\), got "soon"/);
  });
});
