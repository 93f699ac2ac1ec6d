/**
 * cnnlab's kernels on the wasm backend: one module per tfjs kernel (this folder), each an ordered
 * list of paths (see ../kernel-paths.ts), all installed from here. `explainKernel` says which path a
 * call takes; `uninstall()` puts tfjs's own kernels back.
 */
import { Installation, KernelModule, installKernels } from "../kernel-paths";
import { fusedMatMul } from "./_fused-mat-mul";
import { add } from "./add";
import { batchMatMul } from "./batch-mat-mul";
import { cast } from "./cast";
import { cnnlabBatchNormTraining } from "./cnnlab-batch-norm-training";
import { cnnlabBatchNormTrainingGrad } from "./cnnlab-batch-norm-training-grad";
import { cnnlabAdamStep } from "./cnnlab-adam-step";
import { cnnlabConv2dBiasRelu } from "./cnnlab-conv2d-bias-relu";
import { cnnlabMomentumStep } from "./cnnlab-momentum-step";
import { cnnlabScaledTanh } from "./cnnlab-scaled-tanh";
import { cnnlabScaledTanhGrad } from "./cnnlab-scaled-tanh-grad";
import { cnnlabSubsampling } from "./cnnlab-subsampling";
import { cnnlabSubsamplingGrad } from "./cnnlab-subsampling-grad";
import { conv2d } from "./conv2d";
import { conv2dBackpropFilter } from "./conv2d-backprop-filter";
import { conv2dBackpropInput } from "./conv2d-backprop-input";
import { depthwiseConv2dNative } from "./depthwise-conv2d-native";
import { depthwiseConv2dNativeBackpropFilter } from "./depthwise-conv2d-native-backprop-filter";
import { depthwiseConv2dNativeBackpropInput } from "./depthwise-conv2d-native-backprop-input";
import { fusedConv2d } from "./fused-conv2d";
import { fusedDepthwiseConv2d } from "./fused-depthwise-conv2d";
import { gatherV2 } from "./gather-v2";
import { identity } from "./identity";
import { maxPool } from "./max-pool";
import { maxPoolGrad } from "./max-pool-grad";
import { padV2 } from "./pad-v2";
import { slice } from "./slice";
import { sum } from "./sum";
import { tile } from "./tile";

/** Every wasm kernel module, convolutions first. */
export const WASM_KERNEL_MODULES: readonly KernelModule[] = [
  conv2d,
  fusedConv2d,
  depthwiseConv2dNative,
  fusedDepthwiseConv2d,
  conv2dBackpropInput,
  conv2dBackpropFilter,
  depthwiseConv2dNativeBackpropFilter,
  depthwiseConv2dNativeBackpropInput,
  batchMatMul,
  fusedMatMul,
  slice,
  padV2,
  gatherV2,
  identity,
  cast,
  tile,
  maxPool,
  maxPoolGrad,
  add,
  sum,
  cnnlabBatchNormTraining,
  cnnlabBatchNormTrainingGrad,
  cnnlabConv2dBiasRelu,
  cnnlabScaledTanh,
  cnnlabScaledTanhGrad,
  cnnlabAdamStep,
  cnnlabMomentumStep,
  cnnlabSubsampling,
  cnnlabSubsamplingGrad,
];

let installation: Installation | undefined;

/**
 * Installs every module of WASM_KERNEL_MODULES on the wasm backend (before `tf.setBackend("wasm")`,
 * so that tfjs's setup of its kernels runs on the installed ones). Installed once per process: a
 * second call returns the same installation, until its `uninstall()`.
 */
export function installWasmKernels(): Installation {
  if (installation) return installation;
  const installed = installKernels("wasm", WASM_KERNEL_MODULES);
  installation = {
    kernels: installed.kernels,
    uninstall(): void {
      installed.uninstall();
      installation = undefined;
    },
  };
  return installation;
}

/** Installs the wasm kernels (installWasmKernels); returns the names of the kernels installed now (none when they already were). */
export function registerWasmTrainingKernels(): string[] {
  return installation ? [] : [...installWasmKernels().kernels];
}
