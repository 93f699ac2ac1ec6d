/** Finding and running the PyTorch reference benchmark (../shared/bench/pytorch_reference.py). */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export interface PytorchResult {
  model: string;
  batch: number;
  images_per_s: number;
  threads: number;
  device: string;
  torch: string;
}

/** A Python that can import torch: `python3` first, then Debian's (pyenv shims often hide it). */
export function findPytorch(candidates = ["python3", "/usr/bin/python3"]): string | undefined {
  return candidates.find((python) => spawnSync(python, ["-c", "import torch"], { stdio: "ignore" }).status === 0);
}

export function defaultReferencePath(): string {
  // dist/bench/pytorch.js → the checkout's root → ../shared/bench/
  return path.resolve(__dirname, "..", "..", "..", "shared", "bench", "pytorch_reference.py");
}

export function runPytorchReference(python: string, model: string, threads: number, script = defaultReferencePath()): PytorchResult {
  if (!fs.existsSync(script)) throw new Error(`--compare: ${script} not found; pass --reference PATH`);
  const run = spawnSync(python, [script, "--threads", String(threads), "--models", model], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`--compare: ${python} ${script} failed (exit ${run.status}): ${run.stderr.trim().split("\n").pop()}`);
  const line = run.stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(line) as PytorchResult;
}
