/**
 * cnnlab's SIMD matrix product (lib/simd/matmul.ts via wasm-simd-matmul.ts) on the wasm backend's
 * threads, against the cpu backend (an independent implementation) within 1e-5 relative error
 * (max |wasm − cpu| / max |cpu|): the kernel sums up to 400 products of values in [−1, 1] in
 * float32 (rounding error ≲ K·2⁻²⁴·max term ≈ 2.4e-5 absolute in the worst case, ~1e-6 typical),
 * against results of magnitude ~10. Each case also checks whether the SIMD kernel ran (a spy on
 * the pool), so that a case meant for it cannot pass through the fallback. The dense-layer
 * gradient case of gradients.test.ts runs the same kernel on the single-threaded build.
 */
import * as tf from "@tensorflow/tfjs";
import { SimdPool } from "../../lib/backend/simd-pool";
import { SMALL_B_FLOATS, THREADED_PRODUCT } from "../../lib/backend/wasm-simd-matmul";
import { expectClose } from "./close";
import { threadedSimdPool } from "./threaded-pool";

const TOLERANCE = 1e-5;
const fill = (shape: number[], phase: number) =>
  tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(0.37 * i + phase)), shape);

type Fused = { bias?: number[]; activation?: "linear" | "relu" | "sigmoid" };
interface Case { name: string; a: number[]; b: number[]; ta: boolean; tb: boolean; fused?: Fused; simd: boolean }

/** tf.matMul (or tf.fused.matMul when `fused` is given) of fill(a)·fill(b) on `backend`. */
async function productOn(backend: string, c: Case): Promise<Float32Array> {
  await tf.setBackend(backend);
  const out = tf.tidy(() => {
    const a = fill(c.a, 0.1), b = fill(c.b, 0.7);
    if (!c.fused) return tf.matMul(a, b, c.ta, c.tb);
    const bias = c.fused.bias ? fill(c.fused.bias, 1.9) : undefined;
    return tf.fused.matMul({ a, b, transposeA: c.ta, transposeB: c.tb, bias, activation: c.fused.activation ?? "linear" });
  });
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return data;
}

let pool: SimdPool;
let matmulCalls = 0;
let lastShares = 0;

beforeAll(async () => {
  pool = await threadedSimdPool();
  const runShared = pool.runShared.bind(pool);
  pool.runShared = (shares) => {
    if (shares[0].fn.startsWith("matmul")) {
      matmulCalls++;
      lastShares = shares.length;
    }
    return runShared(shares);
  };
}, 60_000);

it("runs on the backend's threads", () => {
  expect(pool.threads).toBe((tf.backend() as unknown as { wasm: { tfjs: { getThreadsCount(): number } } }).wasm.tfjs.getThreadsCount());
});

describe("the kernels write C's rows and nothing past them", () => {
  // C is the head of a larger tensor filled with a sentinel: a tail tile that stored a whole vector
  // would overwrite the sentinels after C. First in the file: such a store into tfjs' heap in the
  // cases below can corrupt the allocator and hang the process instead of failing.
  const SENTINEL = 7;
  it.each([
    { name: "matmul, N = 5 (a 4-column tile and 1 lane)", fn: "matmul", M: 5, N: 5, K: 6 },
    { name: "matmul, N = 3 (3 lanes only)", fn: "matmul", M: 6, N: 3, K: 4 },
    { name: "matmul, N = 10 (8 columns and 2 lanes)", fn: "matmul", M: 9, N: 10, K: 3 },
    { name: "matmulTransposedB, N = 7, K = 6", fn: "matmulTransposedB", M: 5, N: 7, K: 6 },
  ])("$name", ({ fn, M, N, K }) => {
    const backend = tf.backend() as unknown as { typedArrayFromHeap(t: tf.TensorInfo): Float32Array };
    const [a, b] = [fill([M, K], 0.1), fn === "matmul" ? fill([K, N], 0.7) : fill([N, K], 0.7)];
    const c = tf.fill([M * N + 8], SENTINEL);
    const counter = tf.zeros([1], "int32");
    const at = (t: tf.Tensor) => backend.typedArrayFromHeap(t).byteOffset;
    const [shape, chunk] = [[at(a), at(b), at(c), 0, M, N, K], [0, 0, 4, at(counter)]]; // no bias, no ReLU, chunks of 4 rows
    pool.runShared([{ fn, args: fn === "matmul" ? [...shape, K, 1, ...chunk] : [...shape, ...chunk] }]);
    const C = backend.typedArrayFromHeap(c);
    // The product in float64 here (wasm's own matMul would take this very kernel).
    const [A, B] = [a.dataSync(), b.dataSync()];
    const expected = Float32Array.from({ length: M * N }, (_, o) => {
      const [i, j] = [Math.floor(o / N), o % N];
      let sum = 0;
      for (let k = 0; k < K; k++) sum += A[i * K + k] * (fn === "matmul" ? B[k * N + j] : B[j * K + k]);
      return sum;
    });
    expectClose([C.slice(0, M * N)], [expected], TOLERANCE);
    expect(Array.from(C.slice(M * N))).toEqual(new Array(8).fill(SENTINEL));
    tf.dispose([a, b, c, counter]);
  });
});

const CASES: Case[] = [
  // LeNet's dense layers at batch 128: forward X·W, weight gradient Xᵀ·dY, input gradient dY·Wᵀ.
  { name: "A·B: LeNet F5 forward 128x400 · 400x120", a: [128, 400], b: [400, 120], ta: false, tb: false, simd: true },
  { name: "Aᵀ·B: LeNet F5 weight gradient (128x400)ᵀ · 128x120", a: [128, 400], b: [128, 120], ta: true, tb: false, simd: true },
  { name: "A·Bᵀ: LeNet F5 input gradient 128x120 · (400x120)ᵀ", a: [128, 120], b: [400, 120], ta: false, tb: true, simd: true },
  { name: "A·Bᵀ: K = 10 (dot products of 8 + 2 scalar terms), N = 84, M = 7", a: [7, 10], b: [84, 10], ta: false, tb: true, simd: true },
  { name: "A·Bᵀ: K = 3 (scalar terms only), N = 5 (2 + 2 + 1 columns), M = 6", a: [6, 3], b: [5, 3], ta: false, tb: true, simd: true },
  { name: "threaded A·B with tails: 131x129 · 129x131 (2.2M multiply-adds)", a: [131, 129], b: [129, 131], ta: false, tb: false, simd: true },
  { name: "threaded Aᵀ·B with tails: (129x131)ᵀ · 129x131", a: [129, 131], b: [129, 131], ta: true, tb: false, simd: true },
  { name: "threaded A·Bᵀ with tails: 131x129 · (131x129)ᵀ", a: [131, 129], b: [131, 129], ta: false, tb: true, simd: true },
  { name: "A·B: LeNet output 128x84 · 84x10 (N = 8 + 2 scalar columns)", a: [128, 84], b: [84, 10], ta: false, tb: false, simd: true },
  { name: "A·B: M = 10, K = 3, N = 84 (10 rows = 4 + 4 + 1 + 1)", a: [10, 3], b: [3, 84], ta: false, tb: false, simd: true },
  { name: "A·B: N = 13 (a tile of 8, one of 4, a scalar column)", a: [7, 5], b: [5, 13], ta: false, tb: false, simd: true },
  { name: "Aᵀ·B: N = 3 (scalar columns only), odd M = 9", a: [11, 9], b: [11, 3], ta: true, tb: false, simd: true },
  { name: "A·B: 1x1 · 1x1", a: [1, 1], b: [1, 1], ta: false, tb: false, simd: true },
  { name: "A·B: one row, 1x84 · 84x10", a: [1, 84], b: [84, 10], ta: false, tb: false, simd: true },
  { name: "A·B: rank 3 with batch 1, 1x6x5 · 1x5x7", a: [1, 6, 5], b: [1, 5, 7], ta: false, tb: false, simd: true },
  { name: "fused bias + ReLU: LeNet F6 forward 128x120 · 120x84", a: [128, 120], b: [120, 84], ta: false, tb: false, fused: { bias: [84], activation: "relu" }, simd: true },
  { name: "fused bias, linear, N = 10", a: [9, 84], b: [84, 10], ta: false, tb: false, fused: { bias: [10] }, simd: true },
  { name: "fused bias + ReLU, A·Bᵀ, N = 7, K = 13", a: [5, 13], b: [7, 13], ta: false, tb: true, fused: { bias: [7], activation: "relu" }, simd: true },
  { name: "fused ReLU without bias, Aᵀ·B, N = 6", a: [5, 7], b: [5, 6], ta: true, tb: false, fused: { activation: "relu" }, simd: true },
  { name: "falls back: Aᵀ·Bᵀ, (84x10)ᵀ · (12x84)ᵀ", a: [84, 10], b: [12, 84], ta: true, tb: true, simd: false },
  { name: "falls back: batched (2 matrices each)", a: [2, 6, 5], b: [2, 5, 7], ta: false, tb: false, simd: false },
  { name: `falls back: B larger than ${SMALL_B_FLOATS} floats`, a: [2, 520], b: [520, 520], ta: false, tb: false, simd: false },
  { name: "falls back: fused sigmoid", a: [6, 5], b: [5, 7], ta: false, tb: false, fused: { bias: [7], activation: "sigmoid" }, simd: false },
];

describe("products on the wasm backend's threads equal the cpu backend's", () => {
  it.each(CASES)("$name", async (c) => {
    const cpu = await productOn("cpu", c);
    const before = matmulCalls;
    const wasm = await productOn("wasm", c);
    expect(matmulCalls > before).toBe(c.simd);
    // Split over the threads when the product is large enough (M·N·K, from the output's size and K).
    const K = c.ta ? c.a[c.a.length - 2] : c.a[c.a.length - 1];
    if (c.simd) expect(lastShares).toBe(cpu.length * K >= THREADED_PRODUCT ? pool.threads : 1);
    expectClose([wasm], [cpu], TOLERANCE);
  });
});
