/**
 * The reference benchmarks of `npm run bench -- --compare`: bench/pytorch_reference.py and
 * bench/keras_reference.py train the same three models on the same figures (bench/run.ts passes
 * --batch and --images), and report their trainable parameters, which must equal cnnlab's.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { packageRoot } from "../lib/package-root";

export interface ReferenceResult {
  model: string;
  framework: string;
  version: string;
  threads: number;
  batch: number;
  images: number;
  /** Trainable parameters of the framework's model. */
  params: number;
  images_per_s: number;
}

export interface Framework {
  name: "pytorch" | "keras";
  /** The script under bench/. */
  script: string;
  /** The Python module it needs. */
  module: string;
  /** How to get that module. */
  install: string;
}

export const FRAMEWORKS: readonly Framework[] = [
  { name: "pytorch", script: "pytorch_reference.py", module: "torch", install: "Debian: apt-get install python3-torch; pip: pip install torch" },
  { name: "keras", script: "keras_reference.py", module: "tensorflow", install: "pip install tensorflow-cpu" },
];

/** The first Python that can import `module`: `python3`, then Debian's (pyenv shims often hide it). */
export function findPython(module: string, candidates = ["python3", "/usr/bin/python3"]): string | undefined {
  return candidates.find((python) => spawnSync(python, ["-c", `import ${module}`], { stdio: "ignore" }).status === 0);
}

/** Runs one framework's script for one model; throws naming the script and its last line of stderr when it fails. */
export function runReference(python: string, framework: Framework, run: { model: string; batch: number; images: number; threads: number }): ReferenceResult {
  const script = path.join(packageRoot(), "bench", framework.script);
  if (!fs.existsSync(script)) throw new Error(`--compare: ${script} is missing`);
  const args = [script, "--models", run.model, "--threads", String(run.threads), "--batch", String(run.batch), "--images", String(run.images)];
  const r = spawnSync(python, args, { encoding: "utf8", env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
  if (r.status !== 0) throw new Error(`--compare: ${python} ${args.join(" ")} failed (exit ${r.status}): ${(r.stderr ?? "").trim().split("\n").pop()}`);
  const line = r.stdout.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line) as ReferenceResult;
  } catch {
    throw new Error(`--compare: ${framework.script} printed ${JSON.stringify(line)}, not a JSON line`);
  }
}
