/**
 * A faster wasm Tile, for batch normalisation's gradient (tfjs-core broadcasts
 * per-channel statistics to the activation's shape with Tile).
 *
 * tfjs-backend-wasm 4.22 computes every output index with divisions: tiling a
 * per-channel vector to a ResNet-20 activation (128x32x32x16) took ~250 ms, a
 * third of a training step. We copy the input once and replicate blocks with
 * `copyWithin`. Strings and scalars fall back to the original kernel.
 */
import * as tf from "@tensorflow/tfjs";
import { attrsOf } from "./kernel-run";
import { path } from "./kernel-paths";
import { HeapBackend } from "./wasm-heap";

export const tileBlockCopies = path("block-copies", (args) => {
  const x = args.inputs.x as tf.TensorInfo;
  return x.dtype === "string" ? "strings do not live in the heap" : x.shape.length === 0 ? "a scalar" : true;
}, (args) => {
  const backend = args.backend as HeapBackend;
  const x = args.inputs.x as tf.TensorInfo;
  const reps = attrsOf<tf.TileAttrs>(args).reps;
  const rank = x.shape.length;
  const outShape = x.shape.map((d, i) => d * reps[i]);
  const out = backend.makeOutput(outShape, x.dtype);
  if (tf.util.sizeFromShape(outShape) === 0) return out;
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  const inStrides = [...tf.util.computeStrides(x.shape), 1];
  const outBlock = [...tf.util.computeStrides(outShape), 1]; // elements under one index of each axis, in the output
  // fill(d, s, o): writes the output block of axis d at offset o from the input block at offset s.
  const fill = (d: number, s: number, o: number): void => {
    const chunk = x.shape[d] * outBlock[d]; // one copy of the input along axis d, fully expanded
    if (d === rank - 1) {
      dst.set(src.subarray(s, s + x.shape[d]), o);
    } else {
      for (let i = 0; i < x.shape[d]; i++) fill(d + 1, s + i * inStrides[d], o + i * outBlock[d]);
    }
    // Replicate that copy reps[d] − 1 times, doubling the filled span each step.
    for (let filled = chunk; filled < chunk * reps[d]; ) {
      const n = Math.min(filled, chunk * reps[d] - filled);
      dst.copyWithin(o + filled, o, o + n);
      filled += n;
    }
  };
  fill(0, 0, 0);
  return out;
});
