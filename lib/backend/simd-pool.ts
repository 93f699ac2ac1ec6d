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
 *
 * A call that fails breaks the pool for good (`broken`): a trap in a kernel, a worker that does not
 * finish in time. The caller's share is run inside a try, and a failed call waits for every worker
 * it posted before it throws, so the caller frees its counter and scratch only once nobody uses them.
 * A worker that never finishes is the exception: its error says `heapInUse`, and withTemps then
 * leaves the temporaries allocated (a leak) rather than hand the memory that worker may still write
 * to the next tensor. simdPoolOf hands out a broken pool's error, so every kernel takes its next path.
 *
 * The module is instantiated on tfjs's heap: a data segment would be copied into that heap over
 * tfjs's tensors at instantiation, so a module with one is refused (see `assertNoDataSegment`).
 */
import * as fs from "fs";
import * as path from "path";
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from "worker_threads";
import * as tf from "@tensorflow/tfjs";
import { packageRoot } from "../package-root";
import { HeapBackend, heapOffset, withTemps } from "./wasm-heap";
import { HeapInUseError } from "./kernel-run";

/** A kernel call: the name of an exported function and its integer arguments (heap offsets, sizes). */
export type SimdCall = { fn: string; args: number[] };

export interface SimdPool {
  /** Threads that run a call's shares: the calling thread and the workers. */
  readonly threads: number;
  /**
   * Runs `shares[0]` here and `shares[t]` on worker t (at most `threads` shares), and returns
   * when all are done, for kernels that share the work dynamically (each thread takes chunks of it
   * from a counter in the heap until none are left): a worker that has not started by the time
   * this thread has run out of chunks is cancelled rather than waited for (a worker woken from
   * sleep can take longer to start than a small kernel takes). Returns which shares ran (share 0
   * always); a share that did not run wrote nothing.
   */
  runShared(shares: SimdCall[]): boolean[];
  /** Why the pool can no longer run kernels (a call failed or it was closed), or undefined while it can. */
  readonly broken: Error | undefined;
  /** Stops the workers. */
  close(): void;
}

export interface CreateSimdPoolArgs {
  /** The module's bytes (default: the built file `simdModulePath(name, shared)`). */
  bytes?: Uint8Array;
  /** How long a call waits for a worker's share before it takes the worker as lost (default 60 000 ms: a call takes milliseconds). */
  timeoutMs?: number;
}

/** The kernel module's file in the built package: a shared-memory and a plain-memory build of the same source. */
export function simdModulePath(name: string, shared: boolean): string {
  return path.join(packageRoot(), "dist", "simd", `${name}${shared ? "" : "-unshared"}.wasm`);
}

// Control block (Int32Array over a SharedArrayBuffer): the call counter the workers wait on, then
// one slot per worker: its state, function id, argument count, arguments. A worker takes a posted
// call by moving its slot from POSTED to RUNNING, and the caller cancels one by moving it from
// POSTED to CANCELLED: whichever comes first wins.
const SEQ = 0;
const HEADER = 1;
const SLOT = 32;
const [STATE, FN, ARGC, ARGS] = [0, 1, 2, 3];
const [IDLE, POSTED, RUNNING, DONE, FAILED, CANCELLED] = [0, 1, 2, 3, 4, 5];
const SHUTDOWN = -1;
/** A worker that has not answered in this long is taken as lost (a call takes milliseconds). */
const WORKER_TIMEOUT_MS = 60_000;

/** Reads an unsigned LEB128 number at `at`; returns it and the offset after it. */
function leb128(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = bytes[at++];
    if (byte === undefined) throw new Error("truncated LEB128 number");
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [value, at];
  }
}

/**
 * Throws unless the module's data section (id 11) is absent or empty. The module imports tfjs's
 * heap as its memory, and instantiating it would copy a data segment into that heap, over whatever
 * tensor lies at the segment's offset. AssemblyScript emits one for any static data (a string
 * literal, a constant array, its runtime): the kernels must have none.
 */
export function assertNoDataSegment(bytes: Uint8Array, label: string): void {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new Error(`cnnlab: ${label} is not a WebAssembly module`);
  }
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at];
    const [size, body] = leb128(bytes, at + 1);
    if (id === 11 && leb128(bytes, body)[0] > 0) {
      throw new Error(`cnnlab: ${label} has a data segment, which instantiating it would write into the wasm backend's heap; the kernels must use no static data`);
    }
    at = body + size;
  }
}

/** The worker thread's code (CommonJS, evaluated): instantiate the module on the shared memory, then serve calls. */
const WORKER_SOURCE = `
const { workerData } = require("worker_threads");
const { module, memory, control, base, names, codes, errors } = workerData;
const { STATE, FN, ARGC, ARGS, POSTED, RUNNING, DONE, FAILED, SHUTDOWN } = codes;
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(control);
let seen = 0;
for (;;) {
  Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  if (ctl[base + FN] === SHUTDOWN) break;
  if (Atomics.compareExchange(ctl, base + STATE, POSTED, RUNNING) !== POSTED) continue; // idle or cancelled
  let state = DONE;
  try {
    kernels[names[ctl[base + FN]]](...ctl.subarray(base + ARGS, base + ARGS + ctl[base + ARGC]));
  } catch (err) {
    state = FAILED;
    errors.postMessage(String(err && err.message || err)); // read synchronously by the caller once it sees FAILED
  }
  Atomics.store(ctl, base + STATE, state);
  Atomics.notify(ctl, base + STATE);
}
`;

/**
 * The pool for a module of kernels on `memory` (the wasm backend's heap), with `threads` threads
 * when the memory is shared (1 otherwise). Throws if the module file is missing (the package was
 * not built with `npm run build`).
 */
export function createSimdPool(name: string, memory: WebAssembly.Memory, threads: number, args: CreateSimdPoolArgs = {}): SimdPool {
  const shared = typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer;
  const file = simdModulePath(name, shared);
  if (!args.bytes && !fs.existsSync(file)) throw new Error(`cnnlab: ${file} is missing: build the package with "npm run build"`);
  const bytes = args.bytes ?? fs.readFileSync(file);
  assertNoDataSegment(bytes, `the SIMD module ${name}`);
  const timeoutMs = args.timeoutMs ?? WORKER_TIMEOUT_MS;
  const module = new WebAssembly.Module(bytes);
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, (...args: number[]) => void>;
  const names = WebAssembly.Module.exports(module).filter((e) => e.kind === "function").map((e) => e.name);
  const workerCount = shared ? Math.max(0, threads - 1) : 0;
  const control = new Int32Array(new SharedArrayBuffer(4 * (HEADER + SLOT * Math.max(1, workerCount))));
  const codes = { STATE, FN, ARGC, ARGS, POSTED, RUNNING, DONE, FAILED, SHUTDOWN };
  const baseOf = (w: number) => HEADER + w * SLOT;
  /** Each worker's error messages, received synchronously (the caller waits in Atomics.wait, not in the event loop). */
  const errorPorts: MessagePort[] = [];
  const workers = [...Array(workerCount).keys()].map((w) => {
    const { port1, port2 } = new MessageChannel();
    errorPorts.push(port1);
    port1.unref();
    const worker = new Worker(WORKER_SOURCE, {
      eval: true, workerData: { module, memory, control: control.buffer, base: baseOf(w), names, codes, errors: port2 }, transferList: [port2],
    });
    worker.unref(); // a finished script exits although the workers wait for calls
    return worker;
  });

  let closed = false;
  let broken: Error | undefined;
  const check = (shares: SimdCall[]) => {
    if (broken) throw new Error(`cnnlab: the SIMD kernel pool no longer runs kernels: ${broken.message}`);
    if (closed) throw new Error("cnnlab: the SIMD kernel pool was closed with its backend");
    if (shares.length === 0 || shares.length > workerCount + 1) {
      throw new Error(`cnnlab: a SIMD kernel call needs 1 to ${workerCount + 1} shares; got ${shares.length}`);
    }
    for (const { fn, args } of shares) {
      if (!names.includes(fn)) throw new Error(`cnnlab: the SIMD module ${name} has no function "${fn}"`);
      if (args.length > SLOT - ARGS) throw new Error(`cnnlab: SIMD kernel ${fn} takes at most ${SLOT - ARGS} arguments; got ${args.length}`);
    }
  };
  /** Posts shares 1.. to the workers; returns the workers that were posted one. */
  const post = (shares: SimdCall[]): number[] => {
    const posted = shares.slice(1).map((share, w) => {
      const base = baseOf(w);
      control[base + FN] = names.indexOf(share.fn);
      control[base + ARGC] = share.args.length;
      control.set(share.args, base + ARGS);
      Atomics.store(control, base + STATE, POSTED);
      return w;
    });
    if (posted.length > 0) {
      Atomics.add(control, SEQ, 1);
      Atomics.notify(control, SEQ);
    }
    return posted;
  };
  /** Waits for worker w's share to finish (it has started); the failure, if it failed or timed out. */
  const finish = (w: number, fn: string): Error | undefined => {
    const at = baseOf(w) + STATE;
    for (let state = Atomics.load(control, at); state === POSTED || state === RUNNING; state = Atomics.load(control, at)) {
      if (Atomics.wait(control, at, state, timeoutMs) === "timed-out") {
        return new HeapInUseError(`cnnlab: SIMD kernel ${fn}: worker ${w + 1} did not finish within ${timeoutMs / 1000} s (it may still be writing the wasm heap)`);
      }
    }
    const state = Atomics.exchange(control, at, IDLE);
    if (state !== FAILED) return undefined;
    const message = receiveMessageOnPort(errorPorts[w])?.message ?? "no message";
    return new Error(`cnnlab: SIMD kernel ${fn} failed in worker thread ${w + 1}: ${message}`);
  };
  const pool: SimdPool = {
    threads: workerCount + 1,
    get broken() {
      return broken;
    },
    runShared(shares: SimdCall[]): boolean[] {
      check(shares);
      const ran = shares.map(() => true);
      const posted = post(shares);
      let failure: Error | undefined;
      try {
        kernels[shares[0].fn](...shares[0].args);
      } catch (err) {
        failure = new Error(`cnnlab: SIMD kernel ${shares[0].fn} failed in the calling thread: ${err instanceof Error ? err.message : String(err)}`);
      }
      // Every posted worker is cancelled or waited for, even after a failure here: the caller frees
      // the counter and the scratch they use as soon as this returns.
      for (const w of posted) {
        const at = baseOf(w) + STATE;
        if (Atomics.compareExchange(control, at, POSTED, CANCELLED) === POSTED) {
          Atomics.store(control, at, IDLE);
          ran[w + 1] = false;
        } else {
          const lost = finish(w, shares[w + 1].fn);
          if (lost && (!failure || lost instanceof HeapInUseError)) failure = lost;
        }
      }
      if (failure) {
        broken = failure;
        if (failure instanceof HeapInUseError) pool.close(); // the lost worker is terminated; the others with it
        throw failure;
      }
      return ran;
    },
    close(): void {
      if (closed) return;
      closed = true;
      for (let w = 0; w < workerCount; w++) control[baseOf(w) + FN] = SHUTDOWN;
      if (workerCount > 0) {
        Atomics.add(control, SEQ, 1);
        Atomics.notify(control, SEQ);
      }
      for (const worker of workers) void worker.terminate();
      for (const port of errorPorts) port.close();
    },
  };
  return pool;
}

/** The Emscripten module behind BackendWasm, as far as we read it: its heap (threaded build: wasmMemory, shared; stock build: asm.memory) and XNNPACK's thread count. */
type WasmModule = { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory }; tfjs?: { getThreadsCount?: () => number } };

const pools = new WeakMap<object, SimdPool | Error>();

/** The wasm backend's pool for cnnlab's kernel module (dist/simd/kernels.wasm), made on first use and closed with the backend; an Error if it cannot run here. */
export function simdPoolOf(backend: tf.KernelBackend): SimdPool | Error {
  let pool = pools.get(backend);
  if (pool !== undefined && !(pool instanceof Error) && pool.broken) return pool.broken;
  if (pool === undefined) {
    try {
      // BackendWasm's Emscripten module; its type in tfjs-backend-wasm omits the heap we read.
      const wasm = (backend as tf.KernelBackend & { wasm: WasmModule }).wasm;
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

/**
 * Runs `fn` with `args(counterAt)` on `threads` threads of the pool (all by default); the kernel's
 * threads take their work from the counter (an int32 temp at 0) until none is left. A second int32
 * after it, also 0, numbers the threads that run (for kernels that give each its own scratch). `args` is
 * called after the counter's allocation, the last one: heap offsets taken in it stay valid (an
 * allocation may grow the heap).
 */
export function runOnCounter(
  backend: HeapBackend, pool: SimdPool, fn: string, args: (counterAt: number) => number[], threads = pool.threads,
): void {
  withTemps(backend, (keep) => {
    const counterAt = heapOffset(backend, keep(backend.makeOutput([2], "int32", undefined, new Int32Array(2))));
    const call = { fn, args: args(counterAt) };
    pool.runShared(Array(threads).fill(call));
  });
}
