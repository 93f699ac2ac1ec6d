/**
 * Building one backend's kernel out of the same backend's other kernels. Shared by the
 * wasm and webgpu training kernels: the backend is a parameter, not a copy of the code.
 */
import * as tf from "@tensorflow/tfjs";

export type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };

/** Runs `backendName`'s registered kernel `name` directly (no tape, no engine bookkeeping): we are already inside a kernel. */
export function runKernel(
  name: string, backendName: string, backend: tf.KernelBackend, inputs: Record<string, tf.TensorInfo>, attrs: object = {},
): tf.TensorInfo {
  const kernel = tf.getKernel(name, backendName);
  if (!kernel) throw new Error(`cnnlab: the ${backendName} backend has no ${name} kernel to build on`);
  return kernel.kernelFunc({ inputs, backend, attrs: attrs as unknown as tf.NamedAttrMap }) as tf.TensorInfo;
}

/** Runs `body` with a list for intermediate results, which are freed afterwards whatever happens. */
export function withTemps<T>(backend: tf.KernelBackend, body: (keep: (t: tf.TensorInfo) => tf.TensorInfo) => T): T {
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
