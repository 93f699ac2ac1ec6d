/** Test helper: the wasm backend as users get it (threaded build, cnnlab's kernels) and its SIMD pool. */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { SimdPool, simdPoolOf } from "../../lib/backend/simd-pool";

export async function threadedSimdPool(): Promise<SimdPool> {
  await initBackend({ force: "wasm", verbose: false });
  const pool = simdPoolOf(tf.backend());
  if (pool instanceof Error) throw pool;
  return pool;
}
