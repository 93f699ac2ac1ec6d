/**
 * Building one backend's kernel out of the same backend's other kernels. Shared by the
 * wasm and webgpu training kernels: the backend is a parameter, not a copy of the code.
 */
import * as tf from "@tensorflow/tfjs";

export type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };

/**
 * A kernel call's attributes as tfjs-core's interface for that kernel (tf.Conv2DAttrs, …). tfjs
 * hands them over as a NamedAttrMap, whose value type has no room for ExplicitPadding or optional
 * fields; the engine passes exactly the attributes the op set, named as in the interface.
 */
export function attrsOf<T>(args: { attrs?: tf.NamedAttrMap }): T {
  return (args.attrs ?? {}) as unknown as T;
}

/** Whether the active backend has a kernel named `kernelName` (cnnlab's own kernels are registered on some backends only). */
export function hasKernel(kernelName: string): boolean {
  return tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}

/** Runs `backendName`'s registered kernel `name` directly (no tape, no engine bookkeeping): we are already inside a kernel. */
export function runKernel(
  name: string, backendName: string, backend: tf.KernelBackend, inputs: Record<string, tf.TensorInfo>, attrs: object = {},
): tf.TensorInfo {
  const kernel = tf.getKernel(name, backendName);
  if (!kernel) throw new Error(`cnnlab: the ${backendName} backend has no ${name} kernel to build on`);
  return kernel.kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
}

/**
 * A failure after which some thread may still write to memory the call allocated (a SIMD worker
 * that did not finish in time): that memory must stay allocated, or the next tensor placed there
 * would be overwritten.
 */
export class HeapInUseError extends Error {
  override name = "HeapInUseError";
}

/**
 * Runs `body` with a list for intermediate results, which are freed afterwards whatever happens,
 * except after a HeapInUseError: then they are left allocated (leaked), as someone may still write them.
 */
export function withTemps<T>(backend: tf.KernelBackend, body: (keep: (t: tf.TensorInfo) => tf.TensorInfo) => T): T {
  const temps: tf.TensorInfo[] = [];
  try {
    return body((t) => {
      temps.push(t);
      return t;
    });
  } catch (err) {
    if (err instanceof HeapInUseError) temps.length = 0;
    throw err;
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}
