/**
 * A test backend that refuses synchronous reads, as tfjs-backend-webgpu does in Node (its readSync
 * needs a browser's OffscreenCanvas): it wraps the active backend (wasm or cpu) and throws on every
 * readSync that reaches it through the engine (`dataSync`, `arraySync`, `bufferSync`, `print`),
 * naming the call, while `await t.data()` / `await t.array()` work. Kernels get the wrapped backend
 * itself, so a kernel's own reads of its inputs (legitimate inside any backend) still work.
 *
 * Plain CommonJS, because it is loaded in a notebook process: the library honours the test-only
 * variable CNNLAB_BACKEND_WRAPPER=<absolute path of this file> (lib/backend/backend-wrapper.ts),
 * which calls wrapBackend(tf, name) after the ladder has chosen a backend and switches to the result.
 */
"use strict";

const NAME_SUFFIX = "-no-sync-reads";

/** The Tensor method behind a synchronous read, and the first caller outside tfjs, from the stack. */
function describeCall(stack) {
  const frames = String(stack).split("\n").slice(1);
  // The outermost Tensor method is the one the caller wrote (print calls toString calls dataSync).
  const method = frames.map((f) => /\bTensor\.(dataSync|arraySync|bufferSync|print|toString)\b/.exec(f)).filter(Boolean).pop();
  // tfjs's own frames: its package files, or its sources when a source map (jest) names them.
  const caller = frames.find((f) => !/node_modules[\\/]@tensorflow|[\\/]tfjs-[a-z-]+[\\/]src[\\/]|no-sync-backend\.js|node:internal/.test(f));
  return { call: method ? `${method[1]}()` : "a synchronous read (readSync)", at: caller ? caller.trim().replace(/^at /, "") : "unknown" };
}

/** Registers `<name>-no-sync-reads` around the backend `name` (already initialised) and returns its name. */
async function wrapBackend(tf, name) {
  const inner = tf.findBackend(name);
  if (!inner) throw new Error(`no-sync-backend: backend "${name}" is not initialised`);
  const wrapped = name + NAME_SUFFIX;
  if (tf.findBackend(wrapped)) return wrapped;
  const refuse = (dataId) => {
    const { call, at } = describeCall(new Error().stack);
    const info = tf.engine().state.tensorInfo.get(dataId);
    const shape = info && info.shape ? ` of shape [${info.shape.join(", ")}]` : "";
    throw new Error(`${wrapped}: synchronous read refused: ${call} of a tensor${shape} at ${at}; read it with \`await t.data()\` or \`await t.array()\`, as the webgpu backend needs`);
  };
  const proxy = new Proxy(inner, {
    get(target, prop) {
      if (prop === "readSync") return refuse;
      if (prop === "read") return async (dataId) => target.readSync(dataId);
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  tf.registerBackend(wrapped, () => proxy);
  for (const kernel of tf.getKernelsForBackend(name)) {
    tf.registerKernel({
      kernelName: kernel.kernelName,
      backendName: wrapped,
      kernelFunc: (args) => kernel.kernelFunc({ ...args, backend: inner }),
      ...(kernel.setupFunc ? { setupFunc: () => kernel.setupFunc(inner) } : {}),
      ...(kernel.disposeFunc ? { disposeFunc: () => kernel.disposeFunc(inner) } : {}),
    });
  }
  return wrapped;
}

module.exports = { wrapBackend, NAME_SUFFIX };
