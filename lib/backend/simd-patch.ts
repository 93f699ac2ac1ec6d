/** Putting one of cnnlab's SIMD kernels in front of a registered wasm kernel. */
import * as tf from "@tensorflow/tfjs";
import { SimdPool, simdPoolOf } from "./simd-pool";
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
    return pool && !(pool instanceof Error) ? simd(args, pool, planned as P) : original(args);
  }) as unknown as tf.KernelFunc);
}
