/** cnnlab's convolution + bias + ReLU while training (see conv-bias-relu-kernel.ts), with its gradient. */
import { KernelModule } from "../kernel-paths";
import { CONV2D_BIAS_RELU, CONV2D_BIAS_RELU_GRADIENT, conv2dBiasReluFused } from "../conv-bias-relu-kernel";

export const cnnlabConv2dBiasRelu: KernelModule = {
  kernelName: CONV2D_BIAS_RELU,
  paths: [conv2dBiasReluFused],
  gradient: CONV2D_BIAS_RELU_GRADIENT,
};
