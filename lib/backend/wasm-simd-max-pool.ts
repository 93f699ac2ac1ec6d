/**
 * MaxPool and MaxPoolGrad on wasm with cnnlab's own SIMD kernels (lib/simd/max-pool.ts,
 * lib/simd/max-pool-grad.ts), on all the backend's threads.
 *
 * The gradient routes each dY to its window's first pixel equal to the forward maximum (`output`),
 * four channels at a time, as the JavaScript kernel in front of tfjs's (wasm-faster-kernels.ts)
 * does one float at a time; same semantics, ties included (the first maximum in row-major window
 * order, as tfjs's cpu backend): LeNet's 128x28x28x6 2x2/2 ~2.6 → ~0.5 ms, AlexNet's
 * 32x54x54x96 3x3/2 ~60 → ~10 ms (2 threads). The forward pass replaces XNNPACK's (with the cpu
 * backend's NaN semantics, see the kernel): ~4x faster on LeNet's small pools (1.6 → 0.4 ms, where
 * XNNPACK's per-call cost dominates), about even on AlexNet's large ones. Any padding and
 * window/stride is handled (windows are clipped to the image), and any channel count (the last
 * C % 4 channels on 2 and 1 lanes).
 *
 * The threads take their work from a counter in the heap until none is left (runShared: a worker
 * that starts late takes less, or none), in units that no two threads share. The gradient's unit
 * is an image: a thread zeroes and writes that image's dX only. With overlapping windows (3x3 at
 * stride 2) neighbouring output rows share dX rows, so units of output rows would have two threads
 * add into one element; images never do. The forward pass writes each Y element once: its unit is
 * a chunk of (n, p) output rows.
 *
 * Other dtypes, and a gradient call without the forward output (the maximum must then be
 * recomputed), go to the previous kernels.
 */
import * as tf from "@tensorflow/tfjs";
import { attrsOf } from "./kernel-run";
import { orWhy, simdPath } from "./kernel-paths";
import { SimdPool, runOnCounter } from "./simd-pool";
import { HeapBackend, KernelArgs, expectShape, heapOffset } from "./wasm-heap";

type MaxPoolGradInputs = { dy: tf.TensorInfo; input: tf.TensorInfo; output?: tf.TensorInfo };

/** Output floats per chunk of rows a thread takes at a time in the forward pass (~16 KiB: many chunks, so the threads finish together). */
const CHUNK_FLOATS = 4096;

/** The pool's geometry for an input of `shape`, and its arguments to both kernels: H, W, C, OH, OW, KH, KW, sh, sw, top, left. */
function geometry(shape: number[], attrs: tf.MaxPoolAttrs) {
  const { filterSize, strides, pad, dimRoundingMode } = attrs;
  const info = tf.backend_util.computePool2DInfo(shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw } = info;
  return { info, args: [H, W, C, OH, OW, KH, KW, sh, sw, info.padInfo.top, info.padInfo.left] };
}

function maxPoolSimd(args: KernelArgs, pool: SimdPool): tf.TensorInfo {
  const backend = args.backend as HeapBackend;
  const x = args.inputs.x as tf.TensorInfo;
  const { info, args: shape } = geometry(x.shape, attrsOf<tf.MaxPoolAttrs>(args));
  const y = backend.makeOutput(info.outShape, "float32");
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK_FLOATS / (info.outWidth * info.outChannels)));
  runOnCounter(backend, pool, "maxPool", (counterAt) => [heapOffset(backend, x), heapOffset(backend, y), info.batchSize, rowsPerChunk, ...shape, counterAt]);
  return y;
}

function maxPoolGradSimd(args: KernelArgs, pool: SimdPool): tf.TensorInfo {
  const backend = args.backend as HeapBackend;
  const { dy, input, output } = args.inputs as MaxPoolGradInputs as Required<MaxPoolGradInputs>;
  const { info, args: shape } = geometry(input.shape, attrsOf<tf.MaxPoolGradAttrs>(args));
  const dx = backend.makeOutput(input.shape, "float32");
  // A thread takes whole images: see the file's comment.
  runOnCounter(backend, pool, "maxPoolGrad", (counterAt) => [...[input, output, dy, dx].map((t) => heapOffset(backend, t)), info.batchSize, ...shape, counterAt]);
  return dx;
}

const handlesPool = (args: KernelArgs) => {
  const x = args.inputs.x as tf.TensorInfo;
  return x.shape.length === 4 && x.dtype === "float32";
};
/** The kernel reads dy and output unchecked, as the pool's output: another shape is an error here. */
const handlesGrad = (args: KernelArgs) => {
  const { dy, input, output } = args.inputs as MaxPoolGradInputs;
  if (output === undefined || input.shape.length !== 4 || ![dy, input, output].every((t) => t.dtype === "float32")) return false;
  const { outShape } = geometry(input.shape, attrsOf<tf.MaxPoolGradAttrs>(args)).info;
  expectShape(tf.MaxPoolGrad, "dy", dy, outShape, "the shape of the pool's output");
  expectShape(tf.MaxPoolGrad, "output", output, outShape, "the shape of the pool's output");
  return true;
};

export const simdMaxPool = simdPath("simd", orWhy(handlesPool, "needs a float32 x of rank 4"), maxPoolSimd);
export const simdMaxPoolGrad = simdPath("simd", orWhy(handlesGrad, "needs float32 tensors of rank 4 and the forward output"), maxPoolGradSimd);
