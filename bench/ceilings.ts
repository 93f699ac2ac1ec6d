/**
 * `npm run bench:ceilings [-- --iterations N]`
 *
 * The per-core multiply-add ceilings that bound every convolution kernel on this machine: the
 * same loop (12 independent chains acc = acc · m + c, so neither latency nor memory limits it)
 * as (a) WebAssembly SIMD 128 (f32x4.mul then f32x4.add), (b) relaxed SIMD (f32x4.relaxed_madd,
 * an FMA where the CPU has one; behind --experimental-wasm-relaxed-simd in Node 20, so it runs in
 * a child process with that flag, or is reported unavailable), and (c) native code from
 * bench/ceilings.c at each vector width the CPU has (`cc -O3 -march=native`; skipped, with the
 * reason, where no compiler is here). Times are the thread's CPU time, not wall time, so a shared
 * machine slows the figures less (it still shares caches and, with SMT, execution units).
 * One JSON line per variant: {variant, lanes, gmadd_per_s} (10^9 single-precision multiply-adds
 * per second on one core; GFLOP/s is twice that). Then the benchmark models' multiply-adds per
 * training image, to turn images/s into achieved GFLOP/s.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const CHAINS = 12;
const RELAXED_FLAG = "--experimental-wasm-relaxed-simd";

/** Unsigned LEB128, as the WebAssembly binary format writes indices and opcodes. */
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function f32(x: number): number[] {
  return [...new Uint8Array(new Float32Array([x]).buffer)];
}

function section(id: number, body: number[]): number[] {
  return [id, ...leb(body.length), ...body];
}

const SIMD = 0xfd;
const F32X4_SPLAT = [SIMD, ...leb(0x13)];
const F32X4_EXTRACT_LANE0 = [SIMD, ...leb(0x1f), 0];
const F32X4_MUL = [SIMD, ...leb(0xe6)];
const F32X4_ADD = [SIMD, ...leb(0xe4)];
const F32X4_RELAXED_MADD = [SIMD, ...leb(0x105)];

/**
 * A module exporting run(iterations: i32): f32 — CHAINS accumulators (locals 1..CHAINS), each
 * stepped acc = acc · m + c per iteration, with mul+add or with relaxed_madd; returns the sum of
 * their first lanes so nothing is dead code.
 */
export function ceilingModule(relaxed: boolean): Uint8Array {
  const m = CHAINS + 1;
  const c = CHAINS + 2;
  const body: number[] = [];
  body.push(1, ...leb(CHAINS + 2), 0x7b); // CHAINS + 2 locals of type v128
  const splat = (x: number, local: number) => body.push(0x43, ...f32(x), ...F32X4_SPLAT, 0x21, ...leb(local));
  for (let i = 1; i <= CHAINS; i++) splat(1 + i * 0.001, i);
  splat(0.999999, m);
  splat(1e-6, c);
  body.push(0x02, 0x40, 0x03, 0x40); // block, loop
  for (let i = 1; i <= CHAINS; i++) {
    body.push(0x20, ...leb(i), 0x20, ...leb(m));
    if (relaxed) body.push(0x20, ...leb(c), ...F32X4_RELAXED_MADD);
    else body.push(...F32X4_MUL, 0x20, ...leb(c), ...F32X4_ADD);
    body.push(0x21, ...leb(i));
  }
  // iterations -= 1; continue while non-zero
  body.push(0x20, 0, 0x41, 1, 0x6b, 0x22, 0, 0x0d, 0, 0x0b, 0x0b);
  for (let i = 1; i <= CHAINS; i++) {
    body.push(0x20, ...leb(i), ...F32X4_EXTRACT_LANE0);
    if (i > 1) body.push(0x92); // f32.add
  }
  body.push(0x0b);
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, [1, 0x60, 1, 0x7f, 1, 0x7d]), // type: (i32) -> f32
    ...section(3, [1, 0]),
    ...section(7, [1, 3, ..."run".split("").map((ch) => ch.charCodeAt(0)), 0x00, 0]),
    ...section(10, [1, ...leb(body.length), ...body]),
  ];
  return new Uint8Array(bytes);
}

/** Whether this process's WebAssembly accepts relaxed SIMD (Node 22+, or Node 20 with the flag). */
export function relaxedSimdSupported(): boolean {
  return WebAssembly.validate(ceilingModule(true));
}

export interface Ceiling {
  variant: string;
  lanes: number;
  gmadd_per_s?: number;
  unavailable?: string;
}

/** CPU seconds of this (single-threaded) process, user + system. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export function measureWasm(relaxed: boolean, iterations: number): Ceiling {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(ceilingModule(relaxed)));
  const run = instance.exports.run as (n: number) => number;
  run(1000); // compile the optimized tier before timing
  let best = 0;
  for (let round = 0; round < 3; round++) {
    const t0 = cpuSeconds();
    const check = run(iterations);
    const seconds = cpuSeconds() - t0;
    if (!Number.isFinite(check)) throw new Error(`ceiling loop returned ${check}`);
    best = Math.max(best, (iterations * CHAINS * 4) / seconds / 1e9);
  }
  return { variant: relaxed ? "wasm_relaxed_madd" : "wasm_simd128_mul_add", lanes: 4, gmadd_per_s: Math.round(best * 100) / 100 };
}

function measureRelaxed(iterations: number): Ceiling {
  if (relaxedSimdSupported()) return measureWasm(true, iterations);
  const child = spawnSync(process.execPath, [RELAXED_FLAG, __filename, "--relaxed-only", "--iterations", String(iterations)], { encoding: "utf8" });
  const line = child.stdout?.trim().split("\n").pop();
  if (child.status === 0 && line) return JSON.parse(line) as Ceiling;
  return { variant: "wasm_relaxed_madd", lanes: 4, unavailable: `node ${RELAXED_FLAG} failed: ${(child.stderr || child.error?.message || "").trim().split("\n")[0]}` };
}

function measureNative(iterations: number): Ceiling[] {
  const source = path.join(__dirname, "../../bench/ceilings.c");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cnnlab-ceilings-"));
  try {
    const exe = path.join(dir, "ceilings");
    const cc = process.env.CC ?? "cc";
    const build = spawnSync(cc, ["-O3", "-march=native", "-ffp-contract=off", "-o", exe, source], { encoding: "utf8" });
    if (build.error || build.status !== 0) {
      return [{ variant: "native", lanes: 0, unavailable: `no native figures: ${cc} ${build.error ? build.error.message : `failed: ${build.stderr.trim().split("\n")[0]}`}` }];
    }
    const out = spawnSync(exe, [String(iterations)], { encoding: "utf8" });
    if (out.status !== 0) return [{ variant: "native", lanes: 0, unavailable: `bench/ceilings.c exited with ${out.status}` }];
    return out.stdout.trim().split("\n").map((l) => {
      const { variant, lanes, gmadd_per_s } = JSON.parse(l) as Ceiling;
      return { variant: `native_${variant}`, lanes, gmadd_per_s };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Multiply-adds per image of one forward pass through the conv and dense layers of a model. */
async function forwardMadds(spec: import("./run").BenchModel): Promise<number> {
  const tf = await import("@tensorflow/tfjs");
  await tf.setBackend("cpu"); // only shapes are read
  const { buildBenchModel } = await import("./run");
  const model = buildBenchModel(spec);
  let madds = 0;
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    const out = layer.outputShape as number[];
    const kernel = layer.getWeights()[0];
    if (!kernel || !/Conv2D|Dense/.test(cls)) continue;
    const k = kernel.shape as number[]; // conv [kh, kw, cin, cout], dense [in, out]
    const outPixels = out.length === 4 ? (out[1] as number) * (out[2] as number) : 1;
    madds += outPixels * k.reduce((a, b) => a * b, 1);
  }
  model.dispose();
  return madds;
}

async function main(argv: string[]): Promise<void> {
  const i = argv.indexOf("--iterations");
  const iterations = i >= 0 ? Number(argv[i + 1]) : 20_000_000;
  if (!(Number.isInteger(iterations) && iterations > 0)) throw new Error(`--iterations must be a positive integer, got "${argv[i + 1]}"`);
  if (argv.includes("--relaxed-only")) {
    if (!relaxedSimdSupported()) throw new Error(`relaxed SIMD does not validate even with ${RELAXED_FLAG}`);
    console.log(JSON.stringify(measureWasm(true, iterations)));
    return;
  }
  console.log(JSON.stringify({ node: process.version, cpu: os.cpus()[0]?.model, cores: os.cpus().length, loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100) }));
  console.log(JSON.stringify(measureWasm(false, iterations)));
  console.log(JSON.stringify(measureRelaxed(iterations)));
  for (const c of measureNative(iterations * 5)) console.log(JSON.stringify(c));
  const { BENCH_MODELS } = await import("./run");
  for (const spec of BENCH_MODELS) {
    const madds = await forwardMadds(spec);
    // A training step is about three forward passes: forward, input gradient, filter gradient.
    console.log(JSON.stringify({ model: spec.model, forward_mmadd_per_image: Math.round(madds / 1e4) / 100, training_gflop_per_image: Math.round((6 * madds) / 1e6) / 1e3 }));
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(`bench:ceilings: ${err instanceof Error ? err.message : err}`);
    process.exitCode = 1;
  });
}
