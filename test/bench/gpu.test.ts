/**
 * bench/gpu.sh on a machine without a GPU: every part is skipped with a one-line reason, the rows
 * file holds only its header, and the script exits 0. Run as a user runs it, in a fresh process
 * with a PATH on which there is no nvidia-smi and a Python that imports nothing.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "cnnlab-gpu-"))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("skips every part cleanly without a GPU", () => {
  // A PATH with node, npm's shims and the usual tools, but no nvidia-smi; a "python" that cannot import torch or tensorflow.
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  const python = path.join(bin, "python-without-frameworks");
  fs.writeFileSync(python, "#!/bin/sh\nexit 1\n", { mode: 0o755 });
  const PATH = [path.dirname(process.execPath), "/usr/bin", "/bin"].join(":");
  const out = path.join(dir, "rows.md");
  const r = spawnSync("bash", [path.join(ROOT, "bench", "gpu.sh"), out], { env: { PATH, HOME: dir, PYTHON: python }, encoding: "utf8", timeout: 240_000 });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const skipped = r.stdout.split("\n").filter((l) => l.startsWith("skipped "));
  expect(skipped.map((l) => l.split(":")[0])).toEqual([
    "skipped cnnlab on tfjs-node-gpu", "skipped cnnlab on webgpu", "skipped pytorch --device cuda", "skipped keras on the GPU",
  ]);
  expect(skipped[0]).toBe("skipped cnnlab on tfjs-node-gpu: no NVIDIA GPU");
  expect(skipped[1]).toMatch(/^skipped cnnlab on webgpu: cnnlab: CNNLAB_BACKEND=webgpu cannot be used: webgpu: /);
  expect(skipped[2]).toBe(`skipped pytorch --device cuda: ${python} cannot import torch`);
  expect(skipped[3]).toBe(`skipped keras on the GPU: ${python} cannot import tensorflow`);
  const rows = fs.readFileSync(out, "utf8").trim().split("\n");
  expect(rows[0]).toMatch(/^GPU rows measured \d{4}-\d\d-\d\d on no GPU/);
  expect(rows.slice(-2)).toEqual(["| model | framework | device | batch | images/s |", "|---|---|---:|---:|---:|"]);
});
