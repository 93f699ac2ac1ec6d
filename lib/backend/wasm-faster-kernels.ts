/**
 * Faster paths for seven wasm kernels that fall off XNNPACK's fast path or copy more than they
 * need: BatchMatMul with a transposed operand, Conv2DBackpropInput, Slice, PadV2, GatherV2,
 * MaxPoolGrad and Identity. Each falls back to the original kernel for shapes it does not handle,
 * and each is checked against the cpu backend by the gradient tests.
 *
 * - BatchMatMul with a transposed operand (every dense layer's weight gradient
 *   dW = Xᵀ·dY and input gradient dX = dY·Wᵀ) runs a naive loop in tfjs-backend-wasm
 *   4.22: ~9x slower for LeNet's dense layers, ~35x for AlexNet's 6400x4096. We
 *   transpose the operand first (a memory copy) and multiply on the fast path (for a large W,
 *   wasm-faster-matmul.ts avoids that copy).
 *
 * - Conv2DBackpropInput is a naive loop there too. The input gradient is itself a
 *   convolution: with the forward stride s, dY dilated by s (s − 1 zeros between
 *   rows and columns, length L = (OH − 1)·s + 1) and the filter rotated by 180° with
 *   its channel axes swapped, W'[i, j, k, c] = W[KH−1−i, KW−1−j, c, k],
 *
 *     dX[n, h, w, c] = Σ_{i, j, k} dYd[n, h + i − (KH−1−top), w + j − (KW−1−left), k] · W'[i, j, k, c]
 *
 *   i.e. a stride-1 correlation of dYd padded by KH−1−top rows on top and
 *   H − L + top at the bottom (likewise for columns).
 *
 * - Slice reads its whole input through `readSync`, which copies it out of the
 *   wasm heap: taking a 128-image batch from a 60,000-image tensor copied all
 *   60,000. We copy only the selected runs, through a view of the heap.
 *
 * - PadV2 pads and GatherV2 gathers element by element; we copy contiguous runs (padThroughHeapView,
 *   gatherThroughHeapView): train() cuts its batches with a gather.
 *
 * - Identity copies its input; gradients pass tensors through it often. Like the cpu
 *   backend, we share the data and count a reference instead (tensors are immutable).
 *   Cast to the dtype the tensor already has copies it too (every ReLU's gradient is
 *   dY · cast(step(x), "float32"), a float32 already): shared the same way.
 *
 * - MaxPoolGrad (C++, revisits every window for every input pixel) is replaced by
 *   one pass over the output windows that routes each dY to its window's arg-max, found
 *   as the first pixel equal to the forward pass's maximum
 *   (the first maximum in row-major window order, as tfjs's cpu backend does).
 *   cnnlab's SIMD kernel (wasm-simd-max-pool.ts) now runs in front of it, with the same
 *   semantics; this path is its fallback when the SIMD module cannot run.
 */
import * as tf from "@tensorflow/tfjs";
import { KernelArgs, attrsOf } from "./kernel-run";
import { path } from "./kernel-paths";
import { HeapBackend, expectShape, runWasm, swapLastTwo, WasmBackend, withTemps } from "./wasm-heap";

/** BatchMatMul with a transposed operand: the operand transposed first, then the kernel's next path (tfjs's, XNNPACK) without transposes. */
export const matMulWithoutTransposes = path("transpose-then-xnnpack", (args) => {
  const { transposeA, transposeB } = attrsOf<tf.BatchMatMulAttrs>(args);
  return transposeA || transposeB ? true : "no operand is transposed";
}, (args, _plan, next) => {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = attrsOf<tf.BatchMatMulAttrs>(args);
  const backend = args.backend as WasmBackend;
  const plain = (x: tf.TensorInfo, y: tf.TensorInfo) =>
    next({ ...args, inputs: { a: x, b: y }, attrs: { ...args.attrs, transposeA: false, transposeB: false } }) as tf.TensorInfo;
  return withTemps(backend, (keep) => {
    const aN = transposeA ? keep(runWasm(tf.Transpose, backend, { x: a }, { perm: swapLastTwo(a) })) : a;
    const bN = transposeB ? keep(runWasm(tf.Transpose, backend, { x: b }, { perm: swapLastTwo(b) })) : b;
    return plain(aN, bN);
  });
});

type AsConvPlan = { info: tf.backend_util.Conv2DInfo; padTop: number; padLeft: number; padBottom: number; padRight: number };

/** The padding of the stride-1 correlation that computes dX, if it is nowhere negative (padding wider than the kernel). */
function asConvPlan(args: KernelArgs): AsConvPlan | string {
  const { filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrsOf<tf.Conv2DBackpropInputAttrs>(args);
  if (dataFormat === "NCHW") return "dataFormat is NCHW";
  const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode);
  const { inHeight: H, inWidth: W, outHeight: OH, outWidth: OW, filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  // Rows of dY after dilation, and the padding of the equivalent stride-1 correlation.
  const plan = { info, padTop: KH - 1 - top, padLeft: KW - 1 - left, padBottom: H - ((OH - 1) * sh + 1) + top, padRight: W - ((OW - 1) * sw + 1) + left };
  return plan.padTop < 0 || plan.padLeft < 0 || plan.padBottom < 0 || plan.padRight < 0 ? "the forward padding is wider than the filter" : plan;
}

/** Conv2DBackpropInput as a stride-1 convolution of the dilated dY with the rotated filter (see the file's comment). */
export const inputGradAsConv = path("dilate-then-conv", asConvPlan, (args, { info, padTop, padLeft, padBottom, padRight }) => {
  const backend = args.backend as WasmBackend;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw } = info;
  const [N, , , K] = dy.shape;
  return withTemps(backend, (keep) => {
    let dyd = dy;
    if (sh > 1 || sw > 1) {
      // Insert s − 1 zeros after every row and column, then drop the trailing ones: [N, (OH−1)·sh + 1, (OW−1)·sw + 1, K].
      const spread = keep(runWasm(tf.Reshape, backend, { x: dy }, { shape: [N, OH, 1, OW, 1, K] }));
      const padded = keep(runWasm(tf.PadV2, backend, { x: spread }, {
        paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0,
      }));
      const flat = keep(runWasm(tf.Reshape, backend, { x: padded }, { shape: [N, OH * sh, OW * sw, K] }));
      dyd = keep(runWasm(tf.Slice, backend, { x: flat }, { begin: [0, 0, 0, 0], size: [N, (OH - 1) * sh + 1, (OW - 1) * sw + 1, K] }));
    }
    const rotated = keep(runWasm(tf.Reverse, backend, { x: filter }, { dims: [0, 1] }));
    const swapped = keep(runWasm(tf.Transpose, backend, { x: rotated }, { perm: [0, 1, 3, 2] })); // [KH, KW, K, C]
    return runWasm(tf.Conv2D, backend, { x: dyd, filter: swapped }, {
      strides: [1, 1], pad: [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]], dataFormat: "NHWC", dilations: [1, 1],
    });
  });
});

/** Slice: only the slice copied, in contiguous runs through heap views. */
export const sliceHeapView = path("heap-view", (args) => ((args.inputs.x as tf.TensorInfo).dtype === "string" ? "strings do not live in the heap" : true), (args) => {
  const backend = args.backend as HeapBackend;
  const x = args.inputs.x as tf.TensorInfo;
  const { begin, size } = attrsOf<tf.SliceAttrs>(args);
  // parseSliceParams reads only the tensor's shape, which a TensorInfo has; tfjs types it as a Tensor.
  const [start, extent] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
  const out = backend.makeOutput(extent, x.dtype);
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  const strides = tf.util.computeStrides(x.shape);
  // Axes from `inner` on are copied as one contiguous run: every axis after it is taken whole.
  let inner = x.shape.length - 1;
  while (inner > 0 && extent[inner] === x.shape[inner]) inner--;
  const run = tf.util.sizeFromShape(extent.slice(Math.max(inner, 0)));
  const index = new Array(Math.max(inner, 0)).fill(0); // walks the output's axes before `inner`
  const total = tf.util.sizeFromShape(extent);
  for (let o = 0; o < total; o += run) {
    let offset = 0;
    for (let d = 0; d < x.shape.length; d++) offset += (start[d] + (d < inner ? index[d] : 0)) * (strides[d] ?? 1);
    dst.set(src.subarray(offset, offset + run), o);
    for (let d = inner - 1; d >= 0; d--) {
      if (++index[d] < extent[d]) break;
      index[d] = 0;
    }
  }
  return out;
});

/**
 * PadV2 through heap views: fill the output with the constant, then copy the input in contiguous
 * runs (the innermost padded axis and every axis after it). tfjs-backend-wasm 4.22's PadV2 goes
 * element by element: padding LeNet's 128x28x28x1 batch by 2 took ~1.2–3 ms, ~0.1 ms this way.
 */
export const padHeapView = path("heap-view", (args) => {
  const x = args.inputs.x as tf.TensorInfo;
  const { paddings } = attrsOf<tf.PadV2Attrs>(args);
  if (x.dtype !== "float32" && x.dtype !== "int32") return `dtype ${x.dtype}`;
  return paddings.some(([before, after]) => before < 0 || after < 0) ? "a negative padding" : true;
}, (args) => {
  const backend = args.backend as HeapBackend;
  const x = args.inputs.x as tf.TensorInfo;
  const { paddings, constantValue } = attrsOf<tf.PadV2Attrs>(args);
  const outShape = x.shape.map((d, i) => paddings[i][0] + d + paddings[i][1]);
  const out = backend.makeOutput(outShape, x.dtype);
  const dst = backend.typedArrayFromHeap(out);
  dst.fill(constantValue);
  if (tf.util.sizeFromShape(x.shape) === 0) return out;
  const src = backend.typedArrayFromHeap(x);
  // Axes after `inner` have no padding: each run of the input copies axis `inner` and all after it.
  let inner = x.shape.length - 1;
  while (inner > 0 && paddings[inner][0] === 0 && paddings[inner][1] === 0) inner--;
  const run = tf.util.sizeFromShape(x.shape.slice(inner));
  const outStrides = tf.util.computeStrides(outShape);
  const index = new Array(inner).fill(0); // walks the input's axes before `inner`
  for (let from = 0; from < src.length; from += run) {
    let to = paddings[inner][0] * (outStrides[inner] ?? 1);
    for (let d = 0; d < inner; d++) to += (paddings[d][0] + index[d]) * outStrides[d];
    dst.set(src.subarray(from, from + run), to);
    for (let d = inner - 1; d >= 0; d--) {
      if (++index[d] < x.shape[d]) break;
      index[d] = 0;
    }
  }
  return out;
});

/**
 * GatherV2 through heap views: each gathered slice (every axis after `axis`) is one contiguous run,
 * copied with `set`. tfjs-backend-wasm 4.22 gathers element by element: cutting a 128-image batch
 * from MNIST in train() took ~4.5 ms, about a fifth of LeNet's training step. Indices outside the
 * axis (and batchDims > 0) go to the original kernel.
 */
export const gatherHeapView = path("heap-view", (args) => {
  const backend = args.backend as HeapBackend;
  const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
  const { axis, batchDims } = attrsOf<tf.GatherV2Attrs>(args);
  if ((batchDims ?? 0) !== 0) return "batchDims is not 0";
  if (x.dtype === "string" || indices.dtype !== "int32") return `dtype ${x.dtype} with ${indices.dtype} indices`;
  // Copied out before makeOutput: an allocation may grow the heap, and a view of the stock
  // (unshared) build's heap is then detached.
  const picked = Int32Array.from(backend.typedArrayFromHeap(indices) as Int32Array);
  const extent = x.shape[tf.util.parseAxisParam(axis, x.shape)[0]];
  return picked.some((i) => !(i >= 0 && i < extent)) ? `an index outside [0, ${extent})` : picked;
}, (args, picked) => {
  const backend = args.backend as HeapBackend;
  const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
  const a = tf.util.parseAxisParam(attrsOf<tf.GatherV2Attrs>(args).axis, x.shape)[0];
  const extent = x.shape[a];
  const outer = tf.util.sizeFromShape(x.shape.slice(0, a));
  const run = tf.util.sizeFromShape(x.shape.slice(a + 1));
  const out = backend.makeOutput([...x.shape.slice(0, a), ...indices.shape, ...x.shape.slice(a + 1)], x.dtype);
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  let to = 0;
  // Short runs (a pixel of a one-channel image: the bilinear warp of lib/train/distort.ts gathers four per output
  // pixel) are copied value by value: a subarray per run cost ~100 ns, longer than the copy.
  const SHORT_RUN = 16;
  for (let o = 0; o < outer; o++) {
    if (run < SHORT_RUN) {
      for (let k = 0; k < picked.length; k++) {
        const from = (o * extent + picked[k]) * run;
        for (let e = 0; e < run; e++) dst[to++] = src[from + e];
      }
      continue;
    }
    for (const i of picked) {
      const from = (o * extent + i) * run;
      dst.set(src.subarray(from, from + run), to);
      to += run;
    }
  }
  return out;
});

/** The index of the first strictly largest X over window rows r0..r1 and columns c0..c1 of one channel, starting from the window's first pixel. */
function runningArgMax(X: Float32Array, first: number, r0: number, r1: number, c0: number, c1: number, imageBase: number, W: number, C: number): number {
  let at = first;
  let best = X[first];
  const c = first % C;
  for (let r = r0; r < r1; r++)
    for (let s = r === r0 ? c0 + 1 : c0; s < c1; s++) {
      const i = ((imageBase + r * W) + s) * C + c;
      if (X[i] > best) {
        best = X[i];
        at = i;
      }
    }
  return at;
}

/**
 * The same routing for 2x2 windows at stride 2 inside the input (LeNet's pools): the four
 * candidates of each window tested in row-major order without loops (~1.4x faster).
 */
function routeTwoByTwo(X: Float32Array, Y: Float32Array, dY: Float32Array, dX: Float32Array,
  { N, H, W, C, OH, OW }: Record<"N" | "H" | "W" | "C" | "OH" | "OW", number>): void {
  const down = W * C; // from a pixel to the one below it
  for (let n = 0; n < N; n++)
    for (let p = 0; p < OH; p++)
      for (let q = 0; q < OW; q++) {
        const yBase = ((n * OH + p) * OW + q) * C;
        const topLeft = ((n * H + 2 * p) * W + 2 * q) * C;
        for (let c = 0; c < C; c++) {
          const max = Y[yBase + c];
          const a = topLeft + c;
          const b = a + C;
          const d = a + down;
          const e = d + C;
          const at = X[a] === max ? a : X[b] === max ? b : X[d] === max ? d : X[e] === max ? e
            : runningArgMax(X, a, 2 * p, 2 * p + 2, 2 * q, 2 * q + 2, n * H * W, W, C);
          dX[at] += dY[yBase + c];
        }
      }
}

export const maxPoolGradArgMax = path("arg-max-js", (args) => {
  const { input, output } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo; output?: tf.TensorInfo };
  return input.dtype !== "float32" ? `dtype ${input.dtype}` : output === undefined ? "no forward output to find the maximum in" : true;
}, (args) => {
  const backend = args.backend as HeapBackend;
  const { dy, input, output } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo; output: tf.TensorInfo }; // output: see accepts
  const { filterSize, strides, pad, dimRoundingMode } = attrsOf<tf.MaxPoolGradAttrs>(args);
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  // Read through heap views below, unchecked.
  expectShape(tf.MaxPoolGrad, "dy", dy, info.outShape, "the shape of the pool's output");
  expectShape(tf.MaxPoolGrad, "output", output, info.outShape, "the shape of the pool's output");
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const dx = backend.makeOutput(input.shape, "float32");
  const X = backend.typedArrayFromHeap(input) as Float32Array;
  const Y = backend.typedArrayFromHeap(output) as Float32Array;
  const dY = backend.typedArrayFromHeap(dy) as Float32Array;
  const dX = backend.typedArrayFromHeap(dx) as Float32Array;
  dX.fill(0);
  if (KH === 2 && KW === 2 && sh === 2 && sw === 2 && top === 0 && left === 0 && 2 * OH <= H && 2 * OW <= W) {
    routeTwoByTwo(X, Y, dY, dX, { N, H, W, C, OH, OW });
    return dx;
  }
  // Per window and channel, dY goes to the first pixel (row-major) that equals the window's maximum,
  // which the forward pass already computed (`output`): an early-exit equality search, ~2x faster
  // than keeping a running arg-max (whose comparisons the CPU cannot predict). A maximum found
  // nowhere (NaN in the window) falls back to the running arg-max, as tfjs's cpu backend computes it.
  for (let n = 0; n < N; n++)
    for (let p = 0; p < OH; p++) {
      const r0 = Math.max(p * sh - top, 0);
      const r1 = Math.min(p * sh - top + KH, H);
      for (let q = 0; q < OW; q++) {
        const c0 = Math.max(q * sw - left, 0);
        const c1 = Math.min(q * sw - left + KW, W);
        if (r0 >= r1 || c0 >= c1) continue; // a window entirely in the padding has no arg-max
        const yBase = ((n * OH + p) * OW + q) * C;
        for (let c = 0; c < C; c++) {
          const max = Y[yBase + c];
          let at = -1;
          search: for (let r = r0; r < r1; r++) {
            const rowBase = (n * H + r) * W;
            for (let s = c0; s < c1; s++) {
              const i = (rowBase + s) * C + c;
              if (X[i] === max) {
                at = i;
                break search;
              }
            }
          }
          if (at < 0) at = runningArgMax(X, ((n * H + r0) * W + c0) * C + c, r0, r1, c0, c1, (n * H) * W, W, C);
          dX[at] += dY[yBase + c];
        }
      }
    }
  return dx;
});

export const identitySharing = path("shared-data", (args) => ((args.inputs.x as tf.TensorInfo).dtype === "string" ? "strings do not live in the heap" : true), (args) => {
  const x = args.inputs.x as tf.TensorInfo;
  (args.backend as tf.KernelBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
});

/** Cast to the tensor's own dtype: the data shared, as Identity (other casts convert, in tfjs's kernel). */
export const castSharing = path(
  "shared-data",
  (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const { dtype } = attrsOf<tf.CastAttrs>(args);
    return x.dtype !== dtype ? `converts ${x.dtype} to ${dtype}` : x.dtype === "string" ? "strings do not live in the heap" : true;
  },
  (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    (args.backend as tf.KernelBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  },
);
