/** Putting one of cnnlab's SIMD kernels in front of a registered wasm kernel. */
import * as tf from "@tensorflow/tfjs";
import { SimdPool, simdPoolOf } from "./simd-pool";
import { KernelArgs, patchWasmKernel } from "./wasm-kernel-patch";

/**
 * Puts `simd` in front of the registered wasm kernel `kernelName` (once per `label`), for the calls
 * `handles` accepts when the SIMD pool can run here; every other call goes to the kernel it replaces.
 */
export function patchWithSimd(
  kernelName: string, handles: (args: KernelArgs) => boolean, simd: (args: KernelArgs, pool: SimdPool) => tf.TensorInfo, label = "simd",
): boolean {
  return patchWasmKernel(kernelName, label, (original) => ((args: KernelArgs) => {
    const pool = handles(args) ? simdPoolOf(args.backend) : undefined;
    return pool && !(pool instanceof Error) ? simd(args, pool) : original(args);
  }) as unknown as tf.KernelFunc);
}
