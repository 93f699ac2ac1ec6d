/**
 * `npm run bench [-- --models lenet,resnet20,alexnet,kerascnn] [--compare] [--threads N] [--images-scale F]`
 *
 * Training throughput on synthetic data, model for model as bench/pytorch_reference.py and
 * bench/keras_reference.py: the same layers, batch sizes and images per timed pass, SGD with
 * momentum 0.9 (Adam for kerascnn, as notebook 11 trains it; no weight decay), one warm-up pass
 * and one timed pass. Training goes through
 * the library's own `train` (the code path the notebooks use). One JSON line per model:
 *   {"model","backend","batch","images_per_s"}
 * With --compare, each reference's line for the same model and the ratio, the references on as
 * many threads as cnnlab's wasm backend uses (`CNNLAB_THREADS`; --threads to change).
 * With --rounds N, every model and reference N times, interleaved (round after round, each model's
 * runs back to back), then one summary line per model: the median images/s of each and the
 * median of the rounds' ratios. Shared machines swing ±25% from run to run: use medians.
 */
import { Command } from "commander";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/backend";
import { wasmThreadCount } from "../lib/backend/wasm-threads";
import { buildModel } from "../lib/models/registry";
import { train } from "../lib/train";
import { rng } from "../lib/random";
import { findPython, FRAMEWORKS, runReference } from "./reference";
import { kerasCnn } from "./keras-cnn";

export interface BenchModel {
  /** Name in the JSON lines and in the reference scripts. */
  model: string;
  /** The cnnlab architecture that matches it layer for layer: a registry name, or the model as a notebook builds it. */
  build: string | (() => tf.LayersModel);
  inputShape: [number, number, number];
  batch: number;
  /** Images per timed pass. */
  images: number;
  /** How it is trained (the references do the same): SGD with momentum 0.9 and learning rate 0.01, or Adam with 0.001. Default "momentum". */
  optimizer?: "momentum" | "adam";
}

export const BENCH_MODELS: readonly BenchModel[] = [
  { model: "lenet", build: "lenet", inputShape: [28, 28, 1], batch: 128, images: 8192 },
  { model: "resnet20", build: "resnet20", inputShape: [32, 32, 3], batch: 128, images: 1024 },
  { model: "alexnet", build: "alexnet-bench", inputShape: [224, 224, 1], batch: 32, images: 64 },
  // Notebook 11's model and recipe: tfjs-layers' own layers, softmax output, Adam, batch 64 (full mode).
  { model: "kerascnn", build: kerasCnn, inputShape: [28, 28, 1], batch: 64, images: 1024, optimizer: "adam" },
];

/** The cnnlab model a bench entry trains. */
export function buildBenchModel(spec: BenchModel): tf.LayersModel {
  return typeof spec.build === "string" ? buildModel(spec.build, { inputShape: spec.inputShape, classes: 10 }) : spec.build();
}

/** The bench entry's name of the cnnlab model, for messages. */
function builtFrom(spec: BenchModel): string {
  return typeof spec.build === "string" ? `"${spec.build}"` : `${spec.build.name}()`;
}

export interface BenchResult {
  model: string;
  backend: string;
  batch: number;
  images_per_s: number;
}

/** Seeded N(0, 1) images and uniform labels, as torch.randn / torch.randint. */
function syntheticData(spec: BenchModel, images: number, seed: number): { images: tf.Tensor4D; labels: Int32Array } {
  const r = rng(seed);
  const size = images * spec.inputShape.reduce((a, b) => a * b, 1);
  const pixels = new Float32Array(size);
  for (let i = 0; i < size; i++) pixels[i] = r.normal();
  const labels = Int32Array.from({ length: images }, () => r.int(10));
  return { images: tf.tensor4d(pixels, [images, ...spec.inputShape]), labels };
}

/** Images per timed pass after --images-scale: whole batches, at least one. */
export function scaledImages(spec: BenchModel, imagesScale: number): number {
  return Math.max(spec.batch, Math.round((spec.images * imagesScale) / spec.batch) * spec.batch);
}

/** Trainable parameters of the cnnlab model a bench entry trains (the references must have as many). */
export function benchParams(spec: BenchModel): number {
  const model = buildBenchModel(spec);
  const params = model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((p: number, d) => p * (d as number), 1), 0);
  model.dispose();
  return params;
}

export async function benchModel(spec: BenchModel, imagesScale = 1): Promise<BenchResult> {
  const backend = (await initBackend({ verbose: false })).name;
  const images = scaledImages(spec, imagesScale);
  const model = buildBenchModel(spec);
  const data = syntheticData(spec, images, 0);
  try {
    // Epoch 1 is the warm-up pass, epoch 2 the timed one.
    const recipe = spec.optimizer === "adam"
      ? { optimizer: "adam", learningRate: 0.001 } as const
      : { optimizer: "momentum", learningRate: 0.01, momentum: 0.9 } as const;
    const history = await train(model, data, {
      epochs: 2, batchSize: spec.batch, ...recipe, weightDecay: 0, shuffle: false, output: "auto", stopOnInterrupt: false,
    });
    const timed = history.epochs[1];
    return { model: spec.model, backend, batch: spec.batch, images_per_s: Math.round(timed.imagesPerSecond * 10) / 10 };
  } finally {
    data.images.dispose();
    model.dispose();
  }
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command("bench")
    .description("training throughput of lenet, resnet20, alexnet and kerascnn on synthetic data")
    .option("--models <list>", "comma-separated subset", BENCH_MODELS.map((m) => m.model).join(","))
    .option("--compare", "also run bench/pytorch_reference.py and bench/keras_reference.py (those whose framework is installed) and print the ratios")
    .option("--threads <n>", "threads of PyTorch and TensorFlow for --compare (default: as many as cnnlab's, CNNLAB_THREADS)")
    .option("--rounds <n>", "interleaved rounds of every model and reference; with more than one, a summary of medians", "1")
    .option("--python <path>", "the Python to run the references with (default: the first python3 that has the framework)")
    .option("--images-scale <f>", "scale the images per timed pass (e.g. 0.25 for a quick look)", "1")
    .parse(argv, { from: "user" });
  const opts = program.opts<{ models: string; compare?: boolean; threads?: string; rounds: string; python?: string; imagesScale: string }>();
  const names = opts.models.split(",").map((s) => s.trim()).filter(Boolean);
  const specs = names.map((name) => {
    const spec = BENCH_MODELS.find((m) => m.model === name);
    if (!spec) throw new Error(`--models: unknown model "${name}"; known: ${BENCH_MODELS.map((m) => m.model).join(", ")}`);
    return spec;
  });
  const scale = Number(opts.imagesScale);
  if (!(scale > 0)) throw new Error(`--images-scale must be a positive number, got "${opts.imagesScale}"`);
  const threads = opts.threads === undefined ? wasmThreadCount() : Number(opts.threads);
  if (!(Number.isInteger(threads) && threads >= 1)) throw new Error(`--threads must be a positive integer, got "${opts.threads}"`);
  const rounds = Number(opts.rounds);
  if (!(Number.isInteger(rounds) && rounds >= 1)) throw new Error(`--rounds must be a positive integer, got "${opts.rounds}"`);
  const references = opts.compare ? comparedFrameworks(opts.python) : [];
  /** images/s of each run, by model and then by "cnnlab" or framework name; ratios by model and framework. */
  const figures = new Map<string, Map<string, number[]>>();
  const ratios = new Map<string, Map<string, number[]>>();
  const push = (table: Map<string, Map<string, number[]>>, model: string, key: string, value: number) => {
    const byKey = table.get(model) ?? new Map<string, number[]>();
    table.set(model, byKey);
    byKey.set(key, [...(byKey.get(key) ?? []), value]);
  };
  for (let round = 1; round <= rounds; round++) {
    for (const spec of specs) {
      const ours = await benchModel(spec, scale);
      console.log(JSON.stringify(rounds > 1 ? { ...ours, round } : ours));
      push(figures, spec.model, "cnnlab", ours.images_per_s);
      for (const { framework, python } of references) {
        const theirs = runReference(python, framework, { model: spec.model, batch: spec.batch, images: scaledImages(spec, scale), threads });
        const params = benchParams(spec);
        if (theirs.params !== params) {
          throw new Error(`--compare: ${framework.script}'s ${spec.model} has ${theirs.params} trainable parameters, cnnlab's ${builtFrom(spec)} ${params}: not the same model`);
        }
        console.log(JSON.stringify(theirs));
        const ratio = Math.round((ours.images_per_s / theirs.images_per_s) * 1000) / 1000;
        push(figures, spec.model, framework.name, theirs.images_per_s);
        push(ratios, spec.model, framework.name, ratio);
        console.log(JSON.stringify({ model: spec.model, against: framework.name, ratio, cnnlab: ours.images_per_s, [framework.name]: theirs.images_per_s, threads }));
      }
    }
  }
  if (rounds > 1) {
    for (const spec of specs) {
      const medians = Object.fromEntries([...(figures.get(spec.model) ?? [])].map(([key, values]) => [key, median(values)]));
      const medianRatios = Object.fromEntries([...(ratios.get(spec.model) ?? [])].map(([key, values]) => [`ratio_vs_${key}`, median(values)]));
      console.log(JSON.stringify({ model: spec.model, summary: `median of ${rounds} rounds`, threads, median_images_per_s: medians, ...medianRatios }));
    }
  }
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : Math.round(((sorted[mid - 1] + sorted[mid]) / 2) * 1000) / 1000;
}

/** The references --compare can run here, each with a Python that has its framework; says which it cannot. */
function comparedFrameworks(python?: string): Array<{ framework: (typeof FRAMEWORKS)[number]; python: string }> {
  const found = [];
  for (const framework of FRAMEWORKS) {
    const usable = findPython(framework.module, python ? [python] : undefined);
    if (usable) found.push({ framework, python: usable });
    else console.error(`bench: --compare: no ${python ?? "python3"} here can import ${framework.module}, so no ${framework.name} figures (${framework.install})`);
  }
  return found;
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(`bench: ${err instanceof Error ? err.message : err}`);
    process.exitCode = 1;
  });
}
