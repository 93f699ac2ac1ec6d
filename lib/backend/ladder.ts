/**
 * The backend ladder: `await initBackend()` picks the fastest TensorFlow.js backend
 * that works on this machine, in this order:
 *
 *   1. tensorflow (GPU)  @tensorflow/tfjs-node-gpu, kept as GPU only if the native binding
 *                        reports a GPU device (with CUDA 12 it silently runs on the CPU)
 *   2. webgpu            @tensorflow/tfjs-backend-webgpu on Dawn (the `webgpu` package) over
 *                        Vulkan: any GPU with a Vulkan driver, no CUDA; a hardware adapter only,
 *                        and only when forced, as it cannot read tensors synchronously (see webgpu.ts)
 *   3. tensorflow (CPU)  @tensorflow/tfjs-node (or tfjs-node-gpu that found no GPU: it is
 *                        the same libtensorflow, and the two native packages never both load)
 *   4. wasm              XNNPACK, with cnnlab's training kernels registered, on several threads
 *                        (`CNNLAB_THREADS=N` to change; see wasm-threads.ts)
 *   5. cpu               pure JavaScript (slow: ~20 LeNet images/s)
 *
 * `CNNLAB_BACKEND=tensorflow|webgpu|wasm|cpu` forces one. Each candidate must pass a conv2d
 * gradient smoke test. One line says what was chosen and why the faster ones were skipped.
 */
import * as tf from "@tensorflow/tfjs";
import { convGradientSmokeTest } from "./smoke";
import { installWasmKernels } from "./wasm";
import { simdPoolOf } from "./simd-pool";
import { registerThreadedWasm, wasmThreadCount, wasmThreadsFallback } from "./wasm-threads";
import { activateWebgpu } from "./webgpu";
import { applyBackendWrapper, backendWrapperPath } from "./backend-wrapper";

export type BackendName = "tensorflow" | "webgpu" | "wasm" | "cpu";
export const BACKEND_NAMES: readonly BackendName[] = ["tensorflow", "webgpu", "wasm", "cpu"];

export interface BackendChoice {
  /** The tfjs backend name now active. */
  name: BackendName;
  /** Whether computation runs on a GPU. */
  gpu: boolean;
  /** What was chosen and how, e.g. "wasm (XNNPACK, SIMD)". */
  detail: string;
  /** The faster rungs that were not taken, and why. */
  skipped: Array<{ rung: string; why: string }>;
  /** The one line printed at start-up. */
  reason: string;
}

export interface InitBackendArgs {
  /** Force a backend (default: `process.env.CNNLAB_BACKEND`, else the ladder). */
  force?: BackendName;
  /** Print the one-line choice (default true). */
  verbose?: boolean;
}

/** A rung: loads its backend and activates it, or throws saying why it cannot (`forced`: named by CNNLAB_BACKEND or `force`). */
interface Rung {
  rung: string;
  backend: BackendName;
  activate(forced: boolean): Promise<{ gpu: boolean; detail: string }>;
}

const NATIVE_PACKAGES = ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"] as const;
let nativeLoaded: string | undefined;

function isInstalled(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

/** Loads one native package (never both) and activates its `tensorflow` backend. */
async function activateNative(pkg: (typeof NATIVE_PACKAGES)[number], wantGpu: boolean): Promise<{ gpu: boolean; detail: string }> {
  if (nativeLoaded && nativeLoaded !== pkg) throw new Error(`${nativeLoaded} is already loaded (the two native packages never load together)`);
  if (!nativeLoaded) {
    if (!isInstalled(pkg)) throw new Error("not installed (optional: its install downloads libtensorflow, which needs internet)");
    try {
      require(pkg);
    } catch (err) {
      throw new Error(`installed but failed to load: ${firstLine(err)}`);
    }
    nativeLoaded = pkg;
  }
  if (!(await tf.setBackend("tensorflow"))) throw new Error("its backend failed to initialise");
  // tfjs-node's NodeJSKernelBackend says whether it found a GPU; tfjs-core's type does not know the field.
  const native = tf.backend() as tf.KernelBackend & { isUsingGpuDevice?: boolean };
  const gpu = native.isUsingGpuDevice === true;
  if (wantGpu && !gpu) {
    throw new Error("loaded, but libtensorflow found no usable GPU (it needs CUDA 11.2 and cuDNN 8.1; with CUDA 12 it silently runs on the CPU)");
  }
  return { gpu, detail: `tensorflow (${pkg}, ${gpu ? "GPU" : "CPU"})` };
}

async function activateWasm(): Promise<{ gpu: boolean; detail: string }> {
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  registerThreadedWasm(wasmThreadCount());
  installWasmKernels();
  if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend failed to initialise");
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  const threads = wasm.getThreadsCount();
  const fallback = wasmThreadsFallback();
  const threading = threads > 1 ? `${threads} threads` : fallback ? `one thread: threaded build failed (${fallback})` : "one thread";
  // Started here rather than at the first filter gradient, so that a problem is reported once, up front.
  const pool = simdPoolOf(tf.backend());
  const kernels = pool instanceof Error ? `; cnnlab's SIMD kernels not used (${pool.message}), slower filter gradients` : "";
  return { gpu: false, detail: `wasm (XNNPACK${simd ? ", SIMD" : ", no SIMD"}, ${threading}${kernels})` };
}

const RUNGS: readonly Rung[] = [
  { rung: "tensorflow-gpu", backend: "tensorflow", activate: () => activateNative("@tensorflow/tfjs-node-gpu", true) },
  { rung: "webgpu", backend: "webgpu", activate: (forced) => activateWebgpu({ forced }) },
  {
    rung: "tensorflow-cpu",
    backend: "tensorflow",
    // tfjs-node-gpu without a GPU is the CPU build of the same library: use it rather than load a second one.
    activate: () => activateNative(nativeLoaded === "@tensorflow/tfjs-node-gpu" ? nativeLoaded : "@tensorflow/tfjs-node", false),
  },
  { rung: "wasm", backend: "wasm", activate: activateWasm },
  { rung: "cpu", backend: "cpu", activate: async () => { await tf.setBackend("cpu"); return { gpu: false, detail: "cpu (pure JavaScript, slow)" }; } },
];

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split("\n")[0];
}

/** "a, b: same reason; c: other reason" — rungs skipped for the same reason share it. */
function describeSkipped(skipped: BackendChoice["skipped"]): string {
  const byWhy = new Map<string, string[]>();
  for (const { rung, why } of skipped) byWhy.set(why, [...(byWhy.get(why) ?? []), rung]);
  return [...byWhy].map(([why, rungs]) => `${rungs.join(", ")}: ${why}`).join("; ");
}

function parseForced(value: string | undefined): BackendName | undefined {
  if (value === undefined || value === "") return undefined;
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new Error(`CNNLAB_BACKEND must be one of ${BACKEND_NAMES.join(", ")}; got "${value}"`);
}

/** `force` as a caller passed it: one of BACKEND_NAMES (JavaScript callers and notebooks are not type-checked). */
function checkForce(force: unknown): BackendName | undefined {
  if (force === undefined || (BACKEND_NAMES as readonly unknown[]).includes(force)) return force as BackendName | undefined;
  throw new Error(`initBackend: force must be one of ${BACKEND_NAMES.join(", ")}; got ${JSON.stringify(force)}`);
}

/**
 * The configuration, read before any rung is tried: a bad value is the user's to fix, so it is an
 * error naming the variable, not a rung "skipped" that silently lands on a slower backend.
 */
function checkConfig(force: unknown): void {
  checkForce(force);
  parseForced(process.env.CNNLAB_BACKEND);
  wasmThreadCount();
  backendWrapperPath();
}

let choice: BackendChoice | undefined;
let pending: Promise<BackendChoice> | undefined;

/**
 * Chooses, activates and smoke-tests a backend (once per process; later calls return the same choice).
 * A later `force` naming another backend is an error: tfjs kernels and tensors live in the first one.
 */
export function initBackend(args: InitBackendArgs = {}): Promise<BackendChoice> {
  if (pending) return pending.then((chosen) => sameBackend(chosen, checkForce(args.force)));
  try {
    checkConfig(args.force);
  } catch (err) {
    return Promise.reject(err);
  }
  pending = climb(args).catch((err) => {
    pending = undefined;
    throw err;
  });
  return pending;
}

function sameBackend(chosen: BackendChoice, force: BackendName | undefined): BackendChoice {
  if (force === undefined || force === chosen.name) return chosen;
  throw new Error(
    `initBackend({ force: "${force}" }): the backend is already initialised as ${chosen.detail}; ` +
      `a process keeps its first backend: restart the kernel (or the process) and call initBackend({ force: "${force}" }) first, or set CNNLAB_BACKEND=${force}`,
  );
}

/** tfjs's cpu backend greets Node users with a banner on first use; the ladder's own line already says why cpu was (or was not) chosen. */
function silenceCpuBanner(): void {
  const cpu = tf.findBackend("cpu") as (tf.KernelBackend & { firstUse?: boolean }) | null;
  if (cpu && "firstUse" in cpu) cpu.firstUse = false;
}

async function climb({ force, verbose = true }: InitBackendArgs): Promise<BackendChoice> {
  silenceCpuBanner();
  const forced = force ?? parseForced(process.env.CNNLAB_BACKEND);
  const forcedBy = force ? `initBackend({ force: "${force}" })` : `CNNLAB_BACKEND=${forced}`;
  const skipped: BackendChoice["skipped"] = [];
  for (const rung of RUNGS) {
    if (forced && rung.backend !== forced) continue;
    try {
      const activated = await rung.activate(forced !== undefined);
      const { gpu } = activated;
      const detail = activated.detail + (await applyBackendWrapper());
      await convGradientSmokeTest();
      const why = forced ? `forced by ${forcedBy}` : skipped.length ? `skipped ${describeSkipped(skipped)}` : "";
      const reason = `cnnlab: backend ${detail}${why ? ` — ${why}` : ""}`;
      choice = { name: rung.backend, gpu, detail, skipped, reason };
      if (verbose) console.log(reason);
      return choice;
    } catch (err) {
      skipped.push({ rung: rung.rung, why: firstLine(err) });
    }
  }
  const tried = describeSkipped(skipped);
  throw new Error(forced ? `${forcedBy} cannot be used: ${tried}` : `no TensorFlow.js backend works here: ${tried}`);
}

/** The backend `initBackend()` chose, or undefined before it has run. */
export function activeBackend(): BackendChoice | undefined {
  return choice;
}
