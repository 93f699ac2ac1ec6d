/**
 * Helpers for cnnlab's wasm kernel paths (lib/backend/wasm/): the parts of tfjs-backend-wasm's
 * backend they use, heap offsets, and `runWasm` (the wasm case of kernel-run's `runKernel`), which
 * runs another kernel through the registry, that kernel's own paths included.
 */
import * as tf from "@tensorflow/tfjs";
import { KernelArgs, runKernel, withTemps } from "./kernel-run";

/** The parts of tfjs-backend-wasm's BackendWasm that kernels use. */
export type WasmBackend = tf.KernelBackend & {
  readSync(dataId: tf.DataId): tf.backend_util.BackendValues;
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: tf.backend_util.BackendValues): tf.TensorInfo;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
};

/** BackendWasm with its (internal) typed-array view of a tensor's data in the wasm heap. Take views after any makeOutput: an allocation may grow the heap. */
export type HeapBackend = WasmBackend & { typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array };

/** A tensor's byte offset in the wasm heap (for cnnlab's SIMD kernels). Stays valid when the heap grows; views do not. */
export function heapOffset(backend: HeapBackend, t: tf.TensorInfo): number {
  return backend.typedArrayFromHeap(t).byteOffset;
}

/** Throws unless `t` has `shape` (a kernel about to read `t` from the heap unchecked), naming the kernel, the input and what the shape should be. */
export function expectShape(kernel: string, input: string, t: tf.TensorInfo, shape: readonly number[], what: string): void {
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new Error(`cnnlab: ${kernel}: ${input} has shape [${t.shape}]; expected [${shape}], ${what}`);
  }
}

/** The permutation that swaps the last two axes (a matrix transpose of every matrix in the batch). */
export function swapLastTwo(t: tf.TensorInfo): number[] {
  const rank = t.shape.length;
  return [...t.shape.keys()].map((i) => (i < rank - 2 ? i : i === rank - 2 ? rank - 1 : rank - 2));
}

export type { KernelArgs };
export { withTemps };

/** Runs another wasm kernel directly (no tape, no engine bookkeeping): we are already inside a kernel. */
export function runWasm(name: string, backend: WasmBackend, inputs: Record<string, tf.TensorInfo>, attrs: object = {}): tf.TensorInfo {
  return runKernel(name, "wasm", backend, inputs, attrs);
}
