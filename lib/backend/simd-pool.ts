/**
 * cnnlab's own WebAssembly SIMD kernels (lib/simd/, AssemblyScript built by `npm run build:simd`),
 * run on the wasm backend's heap, on as many threads as its XNNPACK pool.
 *
 * The kernel module imports its memory. With the threaded wasm build (wasm-threads.ts) that
 * memory is shared, so the module is instantiated on it in the calling thread and in `threads − 1`
 * worker threads of our own: a call hands each thread its own arguments (say, its share of the
 * rows) through a small shared control block, runs the first share itself, and waits until every
 * worker has finished. tfjs's own pool threads are idle meanwhile: kernels run one at a time.
 * With the single-threaded build the memory is not shared, and the module runs in the calling
 * thread only.
 *
 * The pool lives as long as the backend: its `dispose` stops the workers.
 */
import * as fs from "fs";
import * as path from "path";
import { Worker } from "worker_threads";
import * as tf from "@tensorflow/tfjs";
import { packageRoot } from "../package-root";

/** A kernel call: the name of an exported function and its integer arguments (heap offsets, sizes). */
export type SimdCall = { fn: string; args: number[] };

export interface SimdPool {
  /** Threads that run a call's shares: the calling thread and the workers. */
  readonly threads: number;
  /** Runs `shares[0]` here and `shares[t]` on worker t (at most `threads` shares), and returns when all are done. */
  run(shares: SimdCall[]): void;
  /** Stops the workers. */
  close(): void;
}

/** The kernel module's file in the built package: a shared-memory and a plain-memory build of the same source. */
export function simdModulePath(name: string, shared: boolean): string {
  return path.join(packageRoot(), "dist", "simd", `${name}${shared ? "" : "-unshared"}.wasm`);
}

// Control block (Int32Array over a SharedArrayBuffer): the call counter the workers wait on, the
// count of workers done with it, whether one failed, then one slot per worker: function id, argument count, arguments.
const SEQ = 0;
const DONE = 1;
const FAILED = 2;
const HEADER = 3;
const SLOT = 32;
const SHUTDOWN = -1;
const IDLE = -2;
/** A worker that has not answered in this long is taken as lost (a call takes milliseconds). */
const WORKER_TIMEOUT_MS = 60_000;

/** The worker thread's code (CommonJS, evaluated): instantiate the module on the shared memory, then serve calls. */
const WORKER_SOURCE = `
const { workerData } = require("worker_threads");
const { module, memory, control, slot, names, header, slotSize, shutdown, idle } = workerData;
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(control);
const base = header + slot * slotSize;
let seen = 0;
for (;;) {
  Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  const id = ctl[base];
  if (id === shutdown) break;
  if (id !== idle) {
    try {
      kernels[names[id]](...ctl.subarray(base + 2, base + 2 + ctl[base + 1]));
    } catch (err) {
      Atomics.store(ctl, 2, 1);
    }
  }
  Atomics.add(ctl, 1, 1);
  Atomics.notify(ctl, 1);
}
`;

/**
 * The pool for a module of kernels on `memory` (the wasm backend's heap), with `threads` threads
 * when the memory is shared (1 otherwise). Throws if the module file is missing (the package was
 * not built with `npm run build`).
 */
export function createSimdPool(name: string, memory: WebAssembly.Memory, threads: number): SimdPool {
  const shared = typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer;
  const file = simdModulePath(name, shared);
  if (!fs.existsSync(file)) throw new Error(`cnnlab: ${file} is missing: build the package with "npm run build"`);
  const module = new WebAssembly.Module(fs.readFileSync(file));
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, (...args: number[]) => void>;
  const names = WebAssembly.Module.exports(module).filter((e) => e.kind === "function").map((e) => e.name);
  const workerCount = shared ? Math.max(0, threads - 1) : 0;
  const control = new Int32Array(new SharedArrayBuffer(4 * (HEADER + SLOT * Math.max(1, workerCount))));
  const workers = [...Array(workerCount).keys()].map((slot) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { module, memory, control: control.buffer, slot, names, header: HEADER, slotSize: SLOT, shutdown: SHUTDOWN, idle: IDLE },
    });
    worker.unref(); // a finished script exits although the workers wait for calls
    return worker;
  });

  const signal = () => {
    Atomics.store(control, DONE, 0);
    Atomics.add(control, SEQ, 1);
    Atomics.notify(control, SEQ);
  };
  const waitForWorkers = (what: string) => {
    for (let done = Atomics.load(control, DONE); done < workerCount; done = Atomics.load(control, DONE)) {
      if (Atomics.wait(control, DONE, done, WORKER_TIMEOUT_MS) === "timed-out") {
        throw new Error(`cnnlab: a SIMD kernel worker did not finish ${what} within ${WORKER_TIMEOUT_MS / 1000} s`);
      }
    }
  };
  let closed = false;
  return {
    threads: workerCount + 1,
    run(shares: SimdCall[]): void {
      if (closed) throw new Error("cnnlab: the SIMD kernel pool was closed with its backend");
      if (shares.length === 0 || shares.length > workerCount + 1) {
        throw new Error(`cnnlab: a SIMD kernel call needs 1 to ${workerCount + 1} shares; got ${shares.length}`);
      }
      for (const { fn, args } of shares) {
        if (!names.includes(fn)) throw new Error(`cnnlab: the SIMD module ${name} has no function "${fn}"`);
        if (args.length > SLOT - 2) throw new Error(`cnnlab: SIMD kernel ${fn} takes at most ${SLOT - 2} arguments; got ${args.length}`);
      }
      for (let w = 0; w < workerCount; w++) {
        const base = HEADER + w * SLOT;
        const share = shares[w + 1];
        control[base] = share ? names.indexOf(share.fn) : IDLE;
        if (share) {
          control[base + 1] = share.args.length;
          control.set(share.args, base + 2);
        }
      }
      if (shares.length === 1) {
        // One share: the workers have nothing to do, and waking them costs a round trip (more on a busy machine).
        kernels[shares[0].fn](...shares[0].args);
        return;
      }
      Atomics.store(control, FAILED, 0);
      if (workerCount > 0) signal();
      kernels[shares[0].fn](...shares[0].args);
      waitForWorkers(shares.map((s) => s.fn).join(", "));
      if (Atomics.load(control, FAILED)) throw new Error(`cnnlab: SIMD kernel ${shares[0].fn} failed in a worker thread`);
    },
    close(): void {
      if (closed) return;
      closed = true;
      for (let w = 0; w < workerCount; w++) control[HEADER + w * SLOT] = SHUTDOWN;
      if (workerCount > 0) signal();
      for (const worker of workers) void worker.terminate();
    },
  };
}

/** The Emscripten module behind BackendWasm, as far as we read it: its heap (threaded build: wasmMemory, shared; stock build: asm.memory) and XNNPACK's thread count. */
type WasmModule = { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory }; tfjs?: { getThreadsCount?: () => number } };

const pools = new WeakMap<object, SimdPool | Error>();

/** The wasm backend's pool for cnnlab's kernel module (dist/simd/kernels.wasm), made on first use and closed with the backend; an Error if it cannot run here. */
export function simdPoolOf(backend: tf.KernelBackend): SimdPool | Error {
  let pool = pools.get(backend);
  if (pool === undefined) {
    try {
      const wasm = (backend as unknown as { wasm: WasmModule }).wasm;
      const memory = wasm.wasmMemory ?? wasm.asm?.memory;
      if (!memory) throw new Error("the wasm backend's memory is not reachable");
      const made = createSimdPool("kernels", memory, wasm.tfjs?.getThreadsCount?.() ?? 1);
      const dispose = backend.dispose.bind(backend);
      backend.dispose = () => {
        made.close();
        dispose();
      };
      pool = made;
    } catch (err) {
      pool = err instanceof Error ? err : new Error(String(err));
    }
    pools.set(backend, pool);
  }
  return pool;
}
