/**
 * Which gradient kernels a backend lacks, and registering cnnlab's implementations of them.
 *
 * A backend "lacks" a kernel that the cpu backend (tfjs' reference, which has them all)
 * registers and it does not; kernel registration happens when a backend package is imported,
 * so this is checkable without the hardware the backend runs on. With tfjs 4.22:
 *   wasm   lacks Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter, DepthwiseConv2dNativeBackpropInput
 *   webgpu lacks none (its 11 missing kernels are string, ragged, sparse and detection ops)
 */
import * as tf from "@tensorflow/tfjs";
import { conv2DBackpropFilterVia } from "./conv2d-backprop-filter";

/** Gradient kernels, by tfjs' naming: MaxPoolGrad, Conv2DBackpropFilter, Conv3DBackpropInputV2, … */
const GRADIENT_KERNEL = /Grad$|Backprop/;

/** Kernels `reference` registers and `backendName` does not (sorted). Import the backend's package first. */
export function missingKernels(backendName: string, reference = "cpu"): string[] {
  const have = new Set(tf.getKernelsForBackend(backendName).map((k) => k.kernelName));
  return tf.getKernelsForBackend(reference).map((k) => k.kernelName).filter((name) => !have.has(name)).sort();
}

/** The gradient kernels among `missingKernels(backendName, reference)`: without them `tf.grad` fails on that backend. */
export function missingGradientKernels(backendName: string, reference = "cpu"): string[] {
  return missingKernels(backendName, reference).filter((name) => GRADIENT_KERNEL.test(name));
}

/** cnnlab's gradient kernels that work on any backend, being built from its own forward kernels. */
export function portableTrainingKernels(backendName: string): Record<string, tf.KernelFunc> {
  return { [tf.Conv2DBackpropFilter]: conv2DBackpropFilterVia(backendName) };
}

/** Registers each of `kernels` that `backendName` lacks (one it already has is left alone); returns the names added. */
export function registerMissingKernels(backendName: string, kernels: Readonly<Record<string, tf.KernelFunc>>): string[] {
  const added: string[] = [];
  for (const [kernelName, kernelFunc] of Object.entries(kernels)) {
    if (tf.getKernel(kernelName, backendName)) continue;
    tf.registerKernel({ kernelName, backendName, kernelFunc });
    added.push(kernelName);
  }
  return added;
}

/**
 * Registers cnnlab's portable gradient kernels for whichever of them `backendName` lacks
 * (for webgpu with tfjs 4.22: none). Idempotent; returns the names added.
 */
export function registerTrainingKernels(backendName: string): string[] {
  return registerMissingKernels(backendName, portableTrainingKernels(backendName));
}
