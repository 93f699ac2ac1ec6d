/**
 * Helpers for building wasm kernels out of wasm's own kernels, and for wrapping a
 * registered wasm kernel (so a fix or a faster path can fall back to the original).
 */
import * as tf from "@tensorflow/tfjs";

/** The parts of tfjs-backend-wasm's BackendWasm that kernels use. */
export type WasmBackend = tf.KernelBackend & {
  readSync(dataId: tf.DataId): tf.backend_util.BackendValues;
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: tf.backend_util.BackendValues): tf.TensorInfo;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
};

export type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };

/** Runs another wasm kernel directly (no tape, no engine bookkeeping): we are already inside a kernel. */
export function runWasm(name: string, backend: WasmBackend, inputs: Record<string, tf.TensorInfo>, attrs: object = {}): tf.TensorInfo {
  const kernel = tf.getKernel(name, "wasm");
  if (!kernel) throw new Error(`cnnlab: the wasm backend has no ${name} kernel to build on`);
  return kernel.kernelFunc({ inputs, backend, attrs: attrs as unknown as tf.NamedAttrMap }) as tf.TensorInfo;
}

/** Runs `body` with a list for intermediate results, which are freed afterwards whatever happens. */
export function withTemps<T>(backend: WasmBackend, body: (keep: (t: tf.TensorInfo) => tf.TensorInfo) => T): T {
  const temps: tf.TensorInfo[] = [];
  try {
    return body((t) => {
      temps.push(t);
      return t;
    });
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

const patched = new Set<string>();

/**
 * Replaces the registered wasm kernel `kernelName` with `make(original)`, once per
 * process and label. Returns false when there is nothing to patch (already patched,
 * or wasm lacks the kernel).
 */
export function patchWasmKernel(kernelName: string, label: string, make: (original: tf.KernelFunc) => tf.KernelFunc): boolean {
  const key = `${kernelName}/${label}`;
  const original = tf.getKernel(kernelName, "wasm");
  if (!original || patched.has(key)) return false;
  tf.unregisterKernel(kernelName, "wasm");
  tf.registerKernel({ ...original, kernelFunc: make(original.kernelFunc) });
  patched.add(key);
  return true;
}
