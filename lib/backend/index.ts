export { initBackend, activeBackend, BACKEND_NAMES } from "./ladder";
export type { BackendName, BackendChoice, InitBackendArgs } from "./ladder";
export { registerWasmTrainingKernels } from "./wasm-training-kernels";
export { convGradientSmokeTest } from "./smoke";
