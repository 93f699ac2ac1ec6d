/**
 * The wasm backend on several cores.
 *
 * tfjs-backend-wasm ships a threaded XNNPACK build (`tfjs-backend-wasm-threaded-simd`) but
 * never uses it in Node: its WASM_HAS_MULTITHREAD_SUPPORT flag answers false there
 * (tensorflow/tfjs#3830), because its loader hands Emscripten's pthread workers blob: URLs,
 * which Node's worker_threads cannot start. This file loads that build itself:
 *
 * - the pthread worker script is a data: URL (an ES module that `require`s the worker source
 *   tfjs ships as a string), and the workers import the main script from its file path;
 * - XNNPACK's pool size is capped at `emscripten_num_logical_cores() / 2` (tfjs assumes two
 *   hyper-threads per core), read once when the module starts; we answer that import with
 *   2 x the threads wanted, so the pool gets exactly `threads`;
 * - Emscripten starts 8 workers up front; the pool keeps `threads - 1` (the calling thread
 *   works too), the rest are stopped, and the pool's workers are unref'd so that a finished
 *   script exits (they sleep on a futex between kernels).
 *
 * If any of this fails, the stock single-threaded factory runs instead and
 * `wasmThreadsFallback()` says why.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import * as tfwasm from "@tensorflow/tfjs-backend-wasm";

/** Emscripten builds tfjs-backend-wasm with a pool of 8 pthread workers: the most threads it can use. */
export const MAX_WASM_THREADS = 8;

/**
 * The number of XNNPACK threads the wasm backend uses: `CNNLAB_THREADS` (1 = the stock
 * single-threaded build), else half the logical cores (most x86 laptops run two hyper-threads
 * per core, and a pool thread that must share its core with another slows every kernel: the
 * pool waits for its slowest thread), but 2 wherever there are 2 or more, and at most 8.
 */
export function wasmThreadCount(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.CNNLAB_THREADS;
  if (raw !== undefined && raw !== "") {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > MAX_WASM_THREADS) {
      throw new Error(`CNNLAB_THREADS must be an integer from 1 to ${MAX_WASM_THREADS}; got "${raw}"`);
    }
    return n;
  }
  return defaultThreadCount(typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length);
}

/** The default for a machine with `logicalCores`: ⌊cores / 2⌋, at least min(2, cores), at most 8. */
export function defaultThreadCount(logicalCores: number): number {
  return Math.min(MAX_WASM_THREADS, Math.max(Math.min(2, logicalCores), Math.floor(logicalCores / 2)));
}

/** The Emscripten module of the threaded build, as far as we touch it. */
interface ThreadedModule {
  cwrap(name: string, returnType: string | null, argTypes: string[]): (...args: number[]) => number;
  PThread: { unusedWorkers: WorkerLike[]; runningWorkers: WorkerLike[] };
  tfjs?: Record<string, unknown>;
}
interface WorkerLike {
  terminate(): unknown;
  unref(): void;
}
type ModuleFactory = (config: Record<string, unknown>) => Promise<ThreadedModule>;

const WASM_OUT = path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "wasm-out");
const BUILD = "tfjs-backend-wasm-threaded-simd";

/** An ES module run by each pthread worker: it evaluates the worker source that tfjs ships as a string. */
function workerUrl(): URL {
  const workerFile = path.join(WASM_OUT, `${BUILD}.worker.js`);
  // The string holds "\n" escapes that a template literal turned into newlines; tfjs's own loader
  // puts them back the same way before it makes a Blob of it.
  const source = [
    `import { createRequire } from "module";`,
    `const workerFile = ${JSON.stringify(workerFile)};`,
    `const require = createRequire(workerFile);`,
    `const { wasmWorkerContents } = require(workerFile);`,
    `new Function("require", "__filename", wasmWorkerContents.replace(/\\n/g, "\\\\n"))(require, workerFile);`,
  ].join("\n");
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}

/** Starts the threaded build with an XNNPACK pool of `threads` and wraps it in tfjs's BackendWasm. */
async function createThreadedBackend(threads: number): Promise<tf.KernelBackend> {
  const mainScript = path.join(WASM_OUT, `${BUILD}.js`);
  const wasmBinary = fs.readFileSync(path.join(WASM_OUT, `${BUILD}.wasm`));
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const factory = require(mainScript) as ModuleFactory;
  const worker = workerUrl();
  // Emscripten's Node glue installs process-wide handlers that rethrow every uncaught exception and
  // unhandled rejection from inside its own one-line, 100 kB source, so Node would print that whole
  // line with any error of the student's. Node's defaults already crash on both: drop the glue's.
  const events = ["uncaughtException", "unhandledRejection"];
  const before = new Set(events.flatMap((event) => process.listeners(event as "uncaughtException")));
  const removeGlueListeners = () => {
    for (const event of events as "uncaughtException"[]) {
      for (const listener of process.listeners(event)) if (!before.has(listener)) process.removeListener(event, listener);
    }
  };
  const module = await factory({
    locateFile: (file: string) => (file.endsWith(".worker.js") ? worker : path.join(WASM_OUT, file)),
    mainScriptUrlOrBlob: mainScript,
    instantiateWasm(info: WebAssembly.Imports & { env: Record<string, unknown> }, receive: (i: WebAssembly.Instance, m: WebAssembly.Module) => void) {
      // tfjs sizes the pool as min(threads asked, logical cores / 2): report 2 x threads.
      const imports = { ...info, env: { ...info.env, emscripten_num_logical_cores: () => 2 * threads } };
      WebAssembly.instantiate(wasmBinary, imports).then(({ instance, module: compiled }) => receive(instance, compiled));
      return {};
    },
  }).finally(removeGlueListeners);
  // The same C entry points tfjs-backend-wasm's own loader wraps.
  module.tfjs = {
    init: module.cwrap("init", null, []),
    initWithThreadsCount: module.cwrap("init_with_threads_count", null, ["number"]),
    getThreadsCount: module.cwrap("get_threads_count", "number", []),
    registerTensor: module.cwrap("register_tensor", null, ["number", "number", "number"]),
    disposeData: module.cwrap("dispose_data", null, ["number"]),
    dispose: module.cwrap("dispose", null, []),
  };
  tfwasm.setThreadsCount(threads);
  const backend = new tfwasm.BackendWasm(module as unknown as ConstructorParameters<typeof tfwasm.BackendWasm>[0]);
  if (tfwasm.getThreadsCount() !== threads) {
    backend.dispose();
    throw new Error(`XNNPACK started ${tfwasm.getThreadsCount()} threads instead of ${threads}`);
  }
  for (const idle of module.PThread.unusedWorkers.splice(0)) idle.terminate();
  for (const pooled of module.PThread.runningWorkers) pooled.unref();
  return backend;
}

/** Starting the threaded build takes well under a second; a worker that never reports back must not hang the ladder. */
const START_TIMEOUT_MS = 30_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`its workers did not start within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

let fallbackReason: string | undefined;

/** Why the threaded build was not used (undefined when it was, or was not tried). */
export function wasmThreadsFallback(): string | undefined {
  return fallbackReason;
}

let registered = false;

/**
 * Replaces tfjs-backend-wasm's backend factory (registered when the package is imported) by one
 * that starts the threaded build with `threads` XNNPACK threads, falling back to the stock factory.
 * Call before the wasm backend is first initialised; once per process (later calls do nothing).
 */
export function registerThreadedWasm(threads: number): void {
  if (registered) return;
  const engine = tf.engine() as unknown as { registryFactory: Record<string, { factory: () => tf.KernelBackend | Promise<tf.KernelBackend>; priority: number }> };
  const stock = engine.registryFactory.wasm;
  if (!stock) throw new Error("registerThreadedWasm: import @tensorflow/tfjs-backend-wasm first");
  if (threads < 2) return;
  registered = true;
  tf.removeBackend("wasm");
  tf.registerBackend(
    "wasm",
    async () => {
      try {
        const backend = await withTimeout(createThreadedBackend(threads), START_TIMEOUT_MS);
        fallbackReason = undefined;
        return backend;
      } catch (err) {
        fallbackReason = (err as { code?: string }).code === "ERR_ACCESS_DENIED"
          ? "worker threads are not permitted here (Node's permission model without --allow-worker)"
          : err instanceof Error ? err.message.split("\n")[0] : String(err);
        return stock.factory();
      }
    },
    stock.priority,
  );
}
