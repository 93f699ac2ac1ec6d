// AssemblyScript: the entry of cnnlab's WebAssembly SIMD kernel module (dist/simd/kernels.wasm,
// built by `npm run build:simd`). One file per kernel; each exported function is callable
// through the SIMD pool (lib/backend/simd-pool.ts) on the wasm backend's heap.
export { filterGrad } from "./filter-grad";
export { channelSums, channelAffine } from "./batch-norm";
export { maxPoolGrad } from "./max-pool-grad";
export { maxPool } from "./max-pool";
export { matmul, matmulTransposedB } from "./matmul";
export { winogradFilter, winogradConv, winogradFilterGrad, winogradFilterGradOut } from "./winograd";
export { convInputGrad } from "./input-grad";
