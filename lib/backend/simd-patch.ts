/** Putting one of cnnlab's SIMD kernels in front of a registered wasm kernel. */
import * as tf from "@tensorflow/tfjs";
import { SimdPool, simdPoolOf } from "./simd-pool";
import { HeapInUseError } from "./kernel-run";

/** The pool's failure, naming the tfjs kernel and the path; a HeapInUseError stays one (see withTemps). */
export function failedOnPool(kernelName: string, label: string, err: unknown): Error {
  const message = `cnnlab: ${kernelName} failed on its ${label} path; cnnlab's SIMD kernels are off from now on and ${kernelName} takes its other paths: ${err instanceof Error ? err.message : String(err)}`;
  return err instanceof HeapInUseError ? new HeapInUseError(message) : new Error(message);
}
import { KernelArgs, patchWasmKernel } from "./wasm-kernel-patch";

/**
 * Puts `simd` in front of the registered wasm kernel `kernelName` (once per `label`), for the calls
 * `plan` accepts when the SIMD pool can run here; every other call goes to the kernel it replaces.
 * `plan` returns what the kernel needs to know of the call (its geometry, or just true), handed to
 * `simd` as it is, or false / undefined for a call the kernel does not take.
 */
export function patchWithSimd<P>(
  kernelName: string, plan: (args: KernelArgs) => P | false | undefined,
  simd: (args: KernelArgs, pool: SimdPool, plan: P) => tf.TensorInfo, label = "simd",
): boolean {
  return patchWasmKernel(kernelName, label, (original) => ((args: KernelArgs) => {
    const planned = plan(args);
    const pool = planned === undefined || planned === false ? undefined : simdPoolOf(args.backend);
    if (!pool || pool instanceof Error) return original(args);
    try {
      return simd(args, pool, planned as P);
    } catch (err) {
      throw pool.broken ? failedOnPool(kernelName, label, err) : err;
    }
  }) as unknown as tf.KernelFunc);
}
