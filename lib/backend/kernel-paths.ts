/**
 * Kernel dispatch you can read: each tfjs kernel that cnnlab speeds up or adds is one module
 * (lib/backend/wasm/<kernel>.ts) holding an ordered list of paths, one declarative entry each,
 * in the style of PyTorch's operator registry:
 *
 *   { name, simd, accepts(args) → plan | "why not", run(args, plan, …) }
 *
 * A call runs the first path whose `accepts` takes it (a SIMD path also needs cnnlab's SIMD pool);
 * after the list comes the kernel the backend registered itself, if it has one. `installKernels`
 * puts a module's dispatcher in place of that kernel and returns `uninstall()`, which puts tfjs's
 * kernels back; `explainKernel` says which path a call takes and why the earlier ones did not.
 *
 * A path that needs the kernel's remaining paths (a fix that hands the call on with other
 * attributes) gets them as `next`; a path that builds on another kernel runs it through the
 * registry (runWasm), that kernel's own dispatcher included.
 */
import * as tf from "@tensorflow/tfjs";
import { HeapInUseError, KernelArgs } from "./kernel-run";
import { SimdPool, simdPoolOf } from "./simd-pool";

/** What a kernel returns: one tensor, or several (the batch-norm kernels). */
export type KernelOutput = tf.TensorInfo | tf.TensorInfo[];

/** One way of running a kernel. Build it with `path` or `simdPath`. */
export interface KernelPath {
  /** Its name in explainKernel's answer, e.g. "winograd". */
  readonly name: string;
  /** Whether it runs on cnnlab's SIMD pool (declined while the pool cannot run here). */
  readonly simd: boolean;
  /** The path's plan for this call (what `run` needs to know of it), or a string: why the path does not take the call. */
  accepts(args: KernelArgs): unknown;
  run(args: KernelArgs, plan: unknown, pool: SimdPool | undefined, next: (args: KernelArgs) => KernelOutput): KernelOutput;
}

/** The paths of one tfjs kernel, tried in order; the backend's own kernel (if any) comes after them. */
export interface KernelModule {
  kernelName: string;
  paths: readonly KernelPath[];
  /** The kernel's gradient, for kernels cnnlab adds (tfjs has none for them). */
  gradient?: tf.GradConfig;
}

/** A path that runs in JavaScript or on other kernels. `accepts` returns its plan, or a string saying why not (a plan is never a string). */
export function path<P>(
  name: string, accepts: (args: KernelArgs) => P | string, run: (args: KernelArgs, plan: P, next: (args: KernelArgs) => KernelOutput) => KernelOutput,
): KernelPath {
  // `plan` is what this path's own `accepts` returned: a P.
  return { name, simd: false, accepts, run: (args, plan, _pool, next) => run(args, plan as P, next) };
}

/** A path on cnnlab's SIMD pool: taken only when `accepts` gives a plan and the pool can run here. */
export function simdPath<P>(
  name: string, accepts: (args: KernelArgs) => P | string, run: (args: KernelArgs, pool: SimdPool, plan: P) => KernelOutput,
): KernelPath {
  // `plan` is what this path's own `accepts` returned; `pool` is given to every SIMD path (see choose).
  return { name, simd: true, accepts, run: (args, plan, pool) => run(args, pool as SimdPool, plan as P) };
}

/** `accepts` from a check that returns a plan, or false / undefined for a call it does not take: then `why`. */
export function orWhy<P>(check: (args: KernelArgs) => P | false | undefined, why: string): (args: KernelArgs) => P | string {
  return (args) => {
    const plan = check(args);
    return plan === undefined || plan === false ? why : plan;
  };
}

/** A path that takes every call (the last of a kernel the backend lacks). */
export const always = (): true => true;

/** The pool's failure, naming the tfjs kernel and the path; a HeapInUseError stays one (see withTemps). */
export function failedOnPool(kernelName: string, pathName: string, err: unknown): Error {
  const message = `cnnlab: ${kernelName} failed on its ${pathName} path; cnnlab's SIMD kernels are off from now on and ${kernelName} takes its other paths: ${err instanceof Error ? err.message : String(err)}`;
  return err instanceof HeapInUseError ? new HeapInUseError(message) : new Error(message);
}

type Choice = { index: number; plan: unknown; pool: SimdPool | undefined; declined: Array<{ path: string; why: string }> };

/** The first path from `from` on that takes the call (index = paths.length: none does), and why the ones before it did not. */
function choose(paths: readonly KernelPath[], args: KernelArgs, from: number, explain: boolean): Choice {
  const declined: Choice["declined"] = [];
  for (let index = from; index < paths.length; index++) {
    const p = paths[index];
    const plan = p.accepts(args);
    if (typeof plan === "string") {
      if (explain) declined.push({ path: p.name, why: plan });
      continue;
    }
    if (!p.simd) return { index, plan, pool: undefined, declined };
    const pool = simdPoolOf(args.backend);
    if (!(pool instanceof Error)) return { index, plan, pool, declined };
    if (explain) declined.push({ path: p.name, why: `cnnlab's SIMD kernels cannot run here: ${pool.message}` });
  }
  return { index: paths.length, plan: undefined, pool: undefined, declined };
}

/** The kernel function that dispatches `module`'s calls; `original` is the backend's own kernel, if any. */
function dispatcher(module: KernelModule, original: tf.KernelFunc | undefined): tf.KernelFunc {
  const { kernelName, paths } = module;
  const runFrom = (from: number, args: KernelArgs): KernelOutput => {
    const { index, plan, pool } = choose(paths, args, from, false);
    if (index === paths.length) {
      if (original) return original(args);
      throw new Error(`cnnlab: no path of ${kernelName} takes this call: ${explainWith(module, false, args).text}`);
    }
    const p = paths[index];
    const next = (nextArgs: KernelArgs) => runFrom(index + 1, nextArgs);
    if (!pool) return p.run(args, plan, undefined, next);
    try {
      return p.run(args, plan, pool, next);
    } catch (err) {
      throw pool.broken ? failedOnPool(kernelName, p.name, err) : err;
    }
  };
  // tfjs types the backend a kernel gets as {}: it is the backend the kernel is registered for.
  return (args) => runFrom(0, args as KernelArgs);
}

export interface KernelExplanation {
  kernel: string;
  /** The path that runs the call; "tfjs" for the backend's own kernel. */
  path: string;
  /** The paths before it, each with why it did not take the call. */
  declined: Array<{ path: string; why: string }>;
  /** All of it in one line. */
  text: string;
}

function explainWith(module: KernelModule, hasOriginal: boolean, args: KernelArgs): KernelExplanation {
  const { index, declined } = choose(module.paths, args, 0, true);
  const path = index < module.paths.length ? module.paths[index].name : hasOriginal ? "tfjs" : "none";
  const before = declined.map((d) => `${d.path}: ${d.why}`).join("; ");
  return { kernel: module.kernelName, path, declined, text: `${module.kernelName} runs on ${path}${before ? ` (not ${before})` : ""}` };
}

/** The modules installed now, by backend and kernel name, with whether the backend had a kernel of its own. */
const installedModules = new Map<string, Map<string, { module: KernelModule; hasOriginal: boolean }>>();

export interface Installation {
  /** The kernels whose dispatchers are in place. */
  readonly kernels: readonly string[];
  /** Puts back what was registered before (tfjs's kernels; none for kernels it lacks) and removes the gradients added. */
  uninstall(): void;
}

/** Puts each module's dispatcher in place of `backendName`'s kernel of that name (kept as its last path). */
export function installKernels(backendName: string, modules: readonly KernelModule[]): Installation {
  const byName = new Map<string, { module: KernelModule; hasOriginal: boolean }>();
  if (installedModules.has(backendName)) throw new Error(`cnnlab: kernels are already installed on ${backendName}: uninstall them first`);
  const saved: Array<{ name: string; original: tf.KernelConfig | undefined }> = [];
  const gradients: Array<{ name: string; previous: tf.GradConfig | undefined }> = [];
  for (const module of modules) {
    const original = tf.getKernel(module.kernelName, backendName);
    if (original) tf.unregisterKernel(module.kernelName, backendName);
    tf.registerKernel({ ...original, kernelName: module.kernelName, backendName, kernelFunc: dispatcher(module, original?.kernelFunc) });
    saved.push({ name: module.kernelName, original });
    byName.set(module.kernelName, { module, hasOriginal: original !== undefined });
    if (module.gradient) {
      const previous = tf.getGradient(module.kernelName);
      if (previous) tf.unregisterGradient(module.kernelName);
      tf.registerGradient(module.gradient);
      gradients.push({ name: module.kernelName, previous });
    }
  }
  installedModules.set(backendName, byName);
  let installed = true;
  return {
    kernels: saved.map(({ name }) => name),
    uninstall(): void {
      if (!installed) return;
      installed = false;
      for (const { name, original } of saved) {
        tf.unregisterKernel(name, backendName);
        if (original) tf.registerKernel(original);
      }
      for (const { name, previous } of gradients) {
        tf.unregisterGradient(name);
        if (previous) tf.registerGradient(previous);
      }
      installedModules.delete(backendName);
    },
  };
}

/**
 * Which path the installed dispatcher of `kernelName` on `backendName` (default "wasm", the one
 * backend with modules) takes for a call with these inputs (tensors) and attributes, and why each
 * earlier path does not. Throws if no module of that name is installed there.
 */
export function explainKernel(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: object = {}, backendName = "wasm"): KernelExplanation {
  const entry = installedModules.get(backendName)?.get(kernelName);
  if (!entry) throw new Error(`cnnlab: no kernel module for ${kernelName} is installed on ${backendName}`);
  const backend = tf.findBackend(backendName);
  if (!backend) throw new Error(`cnnlab: the ${backendName} backend is not initialised: await initBackend() first`);
  // Attributes are read by name, as the engine hands them to a kernel.
  return explainWith(entry.module, entry.hasOriginal, { inputs, backend, attrs: attrs as tf.NamedAttrMap });
}
