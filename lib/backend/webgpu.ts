/**
 * The webgpu rung: @tensorflow/tfjs-backend-webgpu on Dawn (the `webgpu` npm package, Google's
 * WebGPU for Node, with prebuilt binaries). Dawn drives the GPU through Vulkan on Linux (Metal on
 * macOS, D3D12 on Windows), so it needs the GPU vendor's Vulkan driver and no CUDA/cuDNN versions.
 *
 * Taken only when forced (CNNLAB_BACKEND=webgpu): tfjs-backend-webgpu cannot read a tensor
 * synchronously in Node (dataSync, arraySync and print need a browser's OffscreenCanvas), and the
 * notebooks and show() do, so choosing it by itself would break their cells on every GPU machine.
 * Unforced, the rung does not even load Dawn (no native code, no stderr, nothing that could keep
 * the process alive). Forced, it needs a hardware adapter: a software one (lavapipe, llvmpipe,
 * SwiftShader) runs on the CPU, where wasm is the better choice. Every way it can fail (package or
 * binary missing, libvulkan missing, no adapter, a hung driver) becomes a reason, never a crash or
 * a hang.
 */
import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { registerTrainingKernels } from "./training-kernels";

/** The parts of WebGPU's GPUAdapterInfo we read. */
export interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

/** The parts of WebGPU's GPUAdapter we use (typed here so that cnnlab does not depend on @webgpu/types' globals). */
export interface GpuAdapterLike {
  info?: GpuAdapterInfoLike;
  /** Older spelling of `info.isFallbackAdapter`. */
  isFallbackAdapter?: boolean;
  features?: { has(name: string): boolean };
  limits?: Record<string, number>;
  requestDevice(descriptor?: object): Promise<unknown>;
}

/** The parts of WebGPU's GPU (`navigator.gpu`) we use. */
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: "high-performance" | "low-power" }): Promise<GpuAdapterLike | null>;
}

export interface FindHardwareAdapterArgs {
  /** How long to wait for `requestAdapter()` before giving up (default 5000 ms; a broken driver can hang it). */
  timeoutMs?: number;
}

export interface ActivateWebgpuArgs extends FindHardwareAdapterArgs {
  /** Whether the user asked for webgpu by name; without that it is not tried at all (default false). */
  forced?: boolean;
}

/** How every "no usable GPU" skip reason starts. */
export const NO_HARDWARE_ADAPTER = "no hardware GPU adapter";

/** Software rasterisers that present themselves as Vulkan devices. */
const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|swiftshader|\bcpu\b/i;

/** "nvidia ampere: NVIDIA GeForce RTX 3080", or whatever of that the adapter reports. */
export function describeAdapter(info: GpuAdapterInfoLike | undefined): string {
  const maker = [info?.vendor, info?.architecture].filter(Boolean).join(" ");
  const name = info?.description || info?.device || "";
  return [maker, name].filter(Boolean).join(": ") || "an adapter that reports no name";
}

function timeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms (a hung GPU driver?)`)), ms);
    timer.unref(); // never keep the process alive for this
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** Asks `gpu` for its high-performance adapter; throws the skip reason unless it is a hardware one. */
export async function findHardwareAdapter(gpu: GpuLike, { timeoutMs = 5000 }: FindHardwareAdapterArgs = {}): Promise<GpuAdapterLike> {
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new Error(`timeoutMs must be a positive number of milliseconds; got ${timeoutMs}`);
  const adapter = await timeout(gpu.requestAdapter({ powerPreference: "high-performance" }), timeoutMs, "navigator.gpu.requestAdapter()");
  if (!adapter) throw new Error(`${NO_HARDWARE_ADAPTER} (Dawn found none; a CPU-only machine has only lavapipe, which Dawn cannot use)`);
  const info = adapter.info;
  const fallback = info?.isFallbackAdapter === true || adapter.isFallbackAdapter === true;
  if (fallback || SOFTWARE_ADAPTER.test(Object.values(info ?? {}).join(" "))) {
    throw new Error(`${NO_HARDWARE_ADAPTER} (only the software adapter ${describeAdapter(info)}, which runs on the CPU)`);
  }
  return adapter;
}

/** dawn.node's exports: `create(options)` makes a `navigator.gpu`; `globals` are GPUBufferUsage & co. */
interface Dawn {
  create(options: string[]): GpuLike;
  globals: Record<string, unknown>;
}

/**
 * Dawn's Vulkan backend dlopens libvulkan.so.1 and, when it is missing, prints a warning to stderr
 * (which would show in every notebook on a CPU machine). We try the same dlopen first: Node reports
 * a library that loads but is no Node addon as "did not self-register", a missing one as "cannot open".
 */
function vulkanLoaderMissing(): boolean {
  if (process.platform !== "linux") return false;
  try {
    process.dlopen({ exports: {} } as NodeModule, "libvulkan.so.1");
  } catch (err) {
    return /cannot open shared object/.test(String((err as Error).message));
  }
  return false;
}

let dawn: Dawn | undefined;

/**
 * Loads dawn.node from the `webgpu` package. We load the binary itself because the package's
 * index.js is an ES module, which CommonJS code (tsc's output, jest, tslab) cannot require on
 * Node 20; the index adds only a workaround for GPUDevice.destroy() that tfjs does not need.
 */
function loadDawn(): Dawn {
  if (dawn) return dawn;
  let packageDir: string;
  try {
    packageDir = path.dirname(require.resolve("webgpu/package.json"));
  } catch {
    throw new Error("the webgpu package (Dawn) is not installed: npm install webgpu");
  }
  const platform = `${process.platform}-${process.platform === "darwin" ? "universal" : process.arch}`;
  const binary = path.join(packageDir, "dist", platform, "dawn.node");
  if (!fs.existsSync(binary)) throw new Error(`the webgpu package has no Dawn binary for ${platform} (looked for ${binary})`);
  if (vulkanLoaderMissing()) {
    throw new Error(`${NO_HARDWARE_ADAPTER} (the Vulkan loader libvulkan.so.1 is not installed; a GPU machine needs it and the GPU's Vulkan driver: apt-get install libvulkan1)`);
  }
  const module = { exports: {} } as NodeModule;
  try {
    process.dlopen(module, binary);
  } catch (err) {
    throw new Error(`Dawn (${binary}) failed to load: ${String((err as Error).message).split("\n")[0]}`);
  }
  dawn = module.exports as Dawn;
  return dawn;
}

/**
 * The device tfjs-backend-webgpu's own factory asks for: the adapter's maximum limits, since
 * WebGPU's defaults cap a storage buffer at 128 MiB (one 32x224x224x64 activation is 400 MiB).
 */
function deviceDescriptor(adapter: GpuAdapterLike): object {
  const limits = adapter.limits ?? {};
  const wanted = ["maxComputeWorkgroupStorageSize", "maxComputeWorkgroupsPerDimension", "maxStorageBufferBindingSize",
    "maxBufferSize", "maxComputeWorkgroupSizeX", "maxComputeInvocationsPerWorkgroup"];
  return {
    requiredFeatures: adapter.features?.has("timestamp-query") ? ["timestamp-query"] : [],
    requiredLimits: Object.fromEntries(wanted.filter((name) => limits[name] !== undefined).map((name) => [name, limits[name]])),
  };
}

/** Why the ladder does not try webgpu by itself. */
export const NOT_AUTOMATIC =
  "only with CNNLAB_BACKEND=webgpu (it cannot read tensors synchronously in Node: dataSync, arraySync, print)";

type WebGpuBackendClass = new (device: unknown, adapterInfo?: GpuAdapterInfoLike) => tf.KernelBackend;

export const SYNC_READ_UNSUPPORTED =
  "cnnlab: the webgpu backend cannot read a tensor synchronously in Node (dataSync, arraySync, print): tfjs-backend-webgpu's " +
  "readSync needs a browser's OffscreenCanvas. Use `await t.data()` or `await t.array()`, or another backend: CNNLAB_BACKEND=wasm";

/**
 * Makes the webgpu backend's synchronous read fail with a message that says what to do, instead
 * of "OffscreenCanvas is not defined". Reads it can answer without the GPU (values still on the
 * CPU, or cached by an earlier `await data()`) keep working. Idempotent.
 */
export function explainSyncReads(backendClass: { prototype: object }): void {
  const proto = backendClass.prototype as { readSync(dataId: tf.DataId): unknown; cnnlabExplainsSyncReads?: boolean };
  if (proto.cnnlabExplainsSyncReads) return;
  const readSync = proto.readSync;
  proto.readSync = function (this: unknown, dataId: tf.DataId) {
    try {
      return readSync.call(this, dataId);
    } catch (err) {
      if (typeof OffscreenCanvas === "undefined" && /OffscreenCanvas/.test(String((err as Error).message))) throw new Error(SYNC_READ_UNSUPPORTED);
      throw err;
    }
  };
  proto.cnnlabExplainsSyncReads = true;
}

/** Loads Dawn and finds a hardware adapter, or throws the reason there is none. */
async function hardwareGpu(args: FindHardwareAdapterArgs): Promise<{ gpu: GpuLike; adapter: GpuAdapterLike; globals: Record<string, unknown> }> {
  const { create, globals } = loadDawn();
  const gpu = create([]);
  return { gpu, adapter: await findHardwareAdapter(gpu, args), globals };
}

export type WebgpuProbe = { available: true; adapter: string } | { available: false; reason: string };

/** Whether the webgpu rung could be taken here, and why not; changes no backend. */
export async function probeWebgpu(args: FindHardwareAdapterArgs = {}): Promise<WebgpuProbe> {
  try {
    const { adapter } = await hardwareGpu(args);
    return { available: true, adapter: describeAdapter(adapter.info) };
  } catch (err) {
    return { available: false, reason: String((err as Error).message) };
  }
}

/** Activates tfjs' webgpu backend on a hardware adapter when forced, or throws the reason it cannot or will not. */
export async function activateWebgpu({ forced = false, ...args }: ActivateWebgpuArgs = {}): Promise<{ gpu: boolean; detail: string }> {
  if (!forced) throw new Error(NOT_AUTOMATIC);
  const { gpu, adapter, globals } = await hardwareGpu(args);
  // tfjs-backend-webgpu finds WebGPU where a browser has it: navigator.gpu and GPUBufferUsage & co. as globals.
  Object.assign(globalThis, globals);
  const scope = globalThis as { navigator?: object };
  scope.navigator ??= {};
  Object.defineProperty(scope.navigator, "gpu", { value: gpu, configurable: true, writable: true });
  const { WebGPUBackend } = require("@tensorflow/tfjs-backend-webgpu") as { WebGPUBackend: WebGpuBackendClass };
  explainSyncReads(WebGPUBackend);
  // The package registers its factory on import only if navigator.gpu existed then; ours reuses the adapter checked above.
  if (!tf.findBackendFactory("webgpu")) {
    tf.registerBackend("webgpu", async () => new WebGPUBackend(await adapter.requestDevice(deviceDescriptor(adapter)), adapter.info));
  }
  registerTrainingKernels("webgpu");
  if (!(await tf.setBackend("webgpu"))) throw new Error(`the webgpu backend failed to initialise on ${describeAdapter(adapter.info)}`);
  return { gpu: true, detail: `webgpu (Dawn, ${describeAdapter(adapter.info)})` };
}
