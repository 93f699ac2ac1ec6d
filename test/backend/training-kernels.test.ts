/**
 * Which gradient kernels wasm and webgpu lack (computed from the registries, so no GPU is
 * needed), and registering cnnlab's portable ones where a backend lacks them.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import "@tensorflow/tfjs-backend-webgpu"; // registers its kernels even without a GPU (the backend itself needs navigator.gpu)
import { missingGradientKernels, missingKernels, registerTrainingKernels } from "../../lib/backend";

describe("missing kernels, compared with the cpu backend's (tfjs 4.22)", () => {
  it.each([
    { backend: "wasm", gradients: ["Conv2DBackpropFilter", "DepthwiseConv2dNativeBackpropFilter", "DepthwiseConv2dNativeBackpropInput"] },
    { backend: "webgpu", gradients: [] },
  ])("$backend lacks the gradient kernels $gradients", ({ backend, gradients }) => {
    expect(missingGradientKernels(backend)).toEqual(gradients);
  });

  it("webgpu lacks only string, ragged, sparse, bitwise and detection kernels, none used in training", () => {
    expect(missingKernels("webgpu")).toEqual([
      "BitwiseAnd", "NonMaxSuppressionV4", "RaggedGather", "RaggedRange", "RaggedTensorToTensor",
      "SparseFillEmptyRows", "SparseReshape", "StaticRegexReplace", "StringSplit", "StringToHashBucketFast", "Unique",
    ]);
  });

  it("a backend with no kernels lacks every cpu kernel", () => {
    expect(missingKernels("no-such-backend")).toHaveLength(tf.getKernelsForBackend("cpu").length);
  });
});

describe("registerTrainingKernels", () => {
  it("leaves webgpu's own Conv2DBackpropFilter alone", () => {
    const own = tf.getKernel(tf.Conv2DBackpropFilter, "webgpu");
    expect(registerTrainingKernels("webgpu")).toEqual([]);
    expect(tf.getKernel(tf.Conv2DBackpropFilter, "webgpu")).toBe(own);
  });

  it("fills in Conv2DBackpropFilter for webgpu when it is missing, once", () => {
    const own = tf.getKernel(tf.Conv2DBackpropFilter, "webgpu") as tf.KernelConfig;
    tf.unregisterKernel(tf.Conv2DBackpropFilter, "webgpu");
    try {
      expect(missingGradientKernels("webgpu")).toEqual(["Conv2DBackpropFilter"]);
      expect(registerTrainingKernels("webgpu")).toEqual(["Conv2DBackpropFilter"]);
      const ours = tf.getKernel(tf.Conv2DBackpropFilter, "webgpu");
      expect(ours?.backendName).toBe("webgpu");
      expect(ours?.kernelFunc).not.toBe(own.kernelFunc);
      expect(missingGradientKernels("webgpu")).toEqual([]);
      expect(registerTrainingKernels("webgpu")).toEqual([]);
    } finally {
      tf.unregisterKernel(tf.Conv2DBackpropFilter, "webgpu");
      tf.registerKernel(own);
    }
  });
});
