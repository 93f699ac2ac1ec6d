/**
 * `npm run bench -- --compare`'s references agree with the bench: bench/reference_args.py holds the
 * same batch sizes, images and input shapes as BENCH_MODELS, and where PyTorch or TensorFlow is
 * installed (set CNNLAB_BENCH_PYTHON to a Python that has them), each script's models have exactly
 * the trainable parameters of the cnnlab model the bench trains.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { BENCH_MODELS, benchParams } from "../../bench/run";
import { findPython, FRAMEWORKS, runReference } from "../../bench/reference";
import { initBackend } from "../../lib/backend";

const BENCH = path.resolve(__dirname, "..", "..", "bench");

/** Runs python3 with bench/ on sys.path (as the scripts run), importing reference_args. */
function withReferenceArgs(code: string, argv: string[] = []) {
  const script = `import sys; sys.path.insert(0, ${JSON.stringify(BENCH)}); import json, reference_args; ${code}`;
  return spawnSync("python3", ["-c", script, ...argv], { encoding: "utf8", env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
}

describe("bench/reference_args.py", () => {
  it("has BENCH_MODELS' input shapes, batch sizes and images per pass", () => {
    const r = withReferenceArgs("print(json.dumps(reference_args.MODELS))");
    expect(r.stderr).toBe("");
    const models = JSON.parse(r.stdout) as Record<string, [number[], number, number]>;
    expect(models).toEqual(Object.fromEntries(BENCH_MODELS.map((m) => [m.model, [m.inputShape, m.batch, m.images]])));
  });

  it("trains each model with BENCH_MODELS' optimizer (momentum unless said otherwise)", () => {
    const r = withReferenceArgs("print(json.dumps(reference_args.OPTIMIZERS))");
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual(Object.fromEntries(BENCH_MODELS.map((m) => [m.model, m.optimizer ?? "momentum"])));
  });

  it("parses --models, --threads, --batch and --images; --batch and --images override every model's", () => {
    const r = withReferenceArgs("print(json.dumps(reference_args.parse('test')))", ["--models", "resnet20,lenet", "--threads", "2", "--images", "256"]);
    expect(JSON.parse(r.stdout)).toEqual([[["resnet20", [32, 32, 3], 128, 256], ["lenet", [28, 28, 1], 128, 256]], 2]);
  });

  it.each([
    [["--models", "vgg"], /--models: unknown model 'vgg'; known: lenet, resnet20, alexnet, kerascnn/],
    [["--threads", "0"], /--threads: expected an integer >= 1, got '0'/],
    [["--images", "many"], /--images: expected an integer >= 1, got 'many'/],
  ])("%p: exit code 2 and a message naming the option and the value", (argv, message) => {
    const r = withReferenceArgs("reference_args.parse('test')", argv);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe.each(FRAMEWORKS.map((f) => [f.name, f] as const))("bench/%s reference", (_, framework) => {
  const python = findPython(framework.module, [process.env.CNNLAB_BENCH_PYTHON ?? "python3"]);
  (python ? it : it.skip)(`trains each model with cnnlab's trainable parameter count${python ? "" : ` (skipped: no ${framework.module} here; set CNNLAB_BENCH_PYTHON)`}`, async () => {
    await initBackend({ verbose: false });
    for (const spec of BENCH_MODELS) {
      const result = runReference(python!, framework, { model: spec.model, batch: 8, images: 8, threads: 1 });
      expect(result).toMatchObject({ model: spec.model, framework: framework.name, batch: 8, images: 8, threads: 1 });
      expect(result.params).toBe(benchParams(spec));
      expect(result.images_per_s).toBeGreaterThan(0);
    }
  }, 600_000);
});
