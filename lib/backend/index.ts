export { initBackend, activeBackend, BACKEND_NAMES } from "./ladder";
export type { BackendName, BackendChoice, InitBackendArgs } from "./ladder";
export { installWasmKernels, registerWasmTrainingKernels, WASM_KERNEL_MODULES } from "./wasm";
export { explainKernel } from "./kernel-paths";
export type { Installation, KernelExplanation, KernelModule, KernelPath } from "./kernel-paths";
export { convGradientSmokeTest } from "./smoke";
export { missingKernels, missingGradientKernels, registerTrainingKernels } from "./training-kernels";
export { probeWebgpu, findHardwareAdapter, describeAdapter, NO_HARDWARE_ADAPTER, NOT_AUTOMATIC } from "./webgpu";
export type { WebgpuProbe, GpuLike, GpuAdapterLike, GpuAdapterInfoLike, FindHardwareAdapterArgs } from "./webgpu";
