/**
 * The webgpu rung: which adapters it accepts (fake GPUs, so every case runs without one),
 * and what it does on this machine: skip with its reason, or refuse a forced CNNLAB_BACKEND=webgpu.
 */
import { WebGPUBackend } from "@tensorflow/tfjs-backend-webgpu";
import { describeAdapter, findHardwareAdapter, GpuAdapterLike, GpuLike, initBackend, NO_HARDWARE_ADAPTER, probeWebgpu } from "../../lib/backend";
import { explainSyncReads, SYNC_READ_UNSUPPORTED } from "../../lib/backend/webgpu";

const adapter = (info: GpuAdapterLike["info"], extra: Partial<GpuAdapterLike> = {}): GpuAdapterLike => ({ info, requestDevice: async () => ({}), ...extra });
const gpuAnswering = (answer: GpuAdapterLike | null): GpuLike => ({ requestAdapter: async () => answer });

describe("findHardwareAdapter", () => {
  it.each([
    { name: "no adapter at all", answer: null, why: "Dawn found none" },
    { name: "a fallback adapter (info.isFallbackAdapter)", answer: adapter({ vendor: "mesa", description: "some GPU", isFallbackAdapter: true }), why: "only the software adapter mesa: some GPU" },
    { name: "a fallback adapter (older adapter.isFallbackAdapter)", answer: adapter({ vendor: "google" }, { isFallbackAdapter: true }), why: "only the software adapter google" },
    { name: "lavapipe, not flagged as fallback", answer: adapter({ vendor: "mesa", description: "llvmpipe (LLVM 15.0.7, 256 bits)" }), why: "only the software adapter mesa: llvmpipe (LLVM 15.0.7, 256 bits)" },
    { name: "SwiftShader", answer: adapter({ vendor: "google", architecture: "", description: "SwiftShader Device (Subzero)" }), why: "SwiftShader Device (Subzero)" },
  ])("refuses $name, saying why", async ({ answer, why }) => {
    await expect(findHardwareAdapter(gpuAnswering(answer))).rejects.toThrow(why);
    await expect(findHardwareAdapter(gpuAnswering(answer))).rejects.toThrow(NO_HARDWARE_ADAPTER);
  });

  it("accepts a hardware adapter", async () => {
    const nvidia = adapter({ vendor: "nvidia", architecture: "hopper", description: "NVIDIA H100 80GB HBM3" });
    await expect(findHardwareAdapter(gpuAnswering(nvidia))).resolves.toBe(nvidia);
  });

  it("gives up on a requestAdapter() that never answers, naming the timeout", async () => {
    const hung: GpuLike = { requestAdapter: () => new Promise(() => undefined) };
    await expect(findHardwareAdapter(hung, { timeoutMs: 20 })).rejects.toThrow("navigator.gpu.requestAdapter() did not answer within 20 ms");
  });

  it.each([0, -5, Number.NaN])("rejects timeoutMs = %p, naming the argument and the value", async (timeoutMs) => {
    await expect(findHardwareAdapter(gpuAnswering(null), { timeoutMs })).rejects.toThrow(`timeoutMs must be a positive number of milliseconds; got ${timeoutMs}`);
  });
});

describe("describeAdapter", () => {
  it.each([
    { name: "vendor, architecture and description", info: { vendor: "nvidia", architecture: "ampere", description: "NVIDIA GeForce RTX 3080" }, text: "nvidia ampere: NVIDIA GeForce RTX 3080" },
    { name: "vendor and device id", info: { vendor: "amd", device: "0x73bf" }, text: "amd: 0x73bf" },
    { name: "empty info", info: {}, text: "an adapter that reports no name" },
    { name: "no info", info: undefined, text: "an adapter that reports no name" },
  ])("$name → $text", ({ info, text }) => {
    expect(describeAdapter(info)).toBe(text);
  });
});

describe("synchronous reads on webgpu in Node", () => {
  // tfjs-backend-webgpu's own readSync, run on a stand-in for a backend whose tensor lives on the GPU.
  const backendHolding = (data: object) => ({ hasReadSyncWarned: true, tensorMap: { get: () => data }, endComputePassEncoder: () => undefined });
  const readSync = (self: object) => (WebGPUBackend.prototype.readSync as (this: object, id: object) => unknown).call(self, {});
  beforeAll(() => explainSyncReads(WebGPUBackend));

  it("fail saying what to do instead of 'OffscreenCanvas is not defined'", () => {
    expect(() => readSync(backendHolding({ values: null, dtype: "float32", resource: { size: 16 } }))).toThrow(SYNC_READ_UNSUPPORTED);
    expect(SYNC_READ_UNSUPPORTED).toMatch(/await t\.data\(\).*CNNLAB_BACKEND=wasm/);
  });

  it("still answer from values already on the CPU", () => {
    const values = new Float32Array([1, 2]);
    expect(readSync(backendHolding({ values, dtype: "float32" }))).toBe(values);
  });

  it("pass other errors through unchanged, and patch only once", () => {
    const broken = { tensorMap: { get: () => { throw new Error("no such tensor"); } } };
    explainSyncReads(WebGPUBackend);
    expect(() => readSync(broken)).toThrow(/^no such tensor$/);
  });
});

describe("the webgpu rung on this machine", () => {
  const saved = process.env.CNNLAB_BACKEND;
  afterEach(() => {
    if (saved === undefined) delete process.env.CNNLAB_BACKEND;
    else process.env.CNNLAB_BACKEND = saved;
  });
  let probe: Awaited<ReturnType<typeof probeWebgpu>>;
  beforeAll(async () => {
    probe = await probeWebgpu();
    console.log(probe.available ? `webgpu available: ${probe.adapter}` : `webgpu unavailable here: ${probe.reason}`);
  });

  // The jest timeout (10 s) is the hang guard: the rung's own requestAdapter() timeout is 5 s.
  it("forcing it with CNNLAB_BACKEND=webgpu either works or fails naming the variable and the reason", async () => {
    process.env.CNNLAB_BACKEND = "webgpu";
    if (probe.available) {
      await expect(initBackend({ verbose: false })).resolves.toMatchObject({ name: "webgpu", gpu: true });
    } else {
      await expect(initBackend({ verbose: false })).rejects.toThrow(`CNNLAB_BACKEND=webgpu cannot be used: webgpu: ${probe.reason}`);
    }
  }, 10_000);
});
