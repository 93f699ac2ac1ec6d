/**
 * Grad-CAM on a hand-built conv model whose class score reads one channel only: conv (K channels) →
 * global average pooling → dense whose class-c row is zero except w > 0 on channel k. Then
 * ∂y_c/∂A = w/(hw) on channel k and 0 elsewhere, so the map is ReLU(A_k) / max ReLU(A_k).
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend";
import { gradCam } from "../../lib/interpret";
import { maxDiff, randn, uniformImages } from "./helpers";

beforeAll(async () => {
  await initBackend({ force: "cpu", verbose: false });
});

const [H, W, C, K, classes] = [8, 7, 2, 3, 4];

function oneChannelModel(channel: number, cls: number): tf.LayersModel {
  const input = tf.input({ shape: [H, W, C] });
  const conv = tf.layers.conv2d({ filters: K, kernelSize: 3, padding: "same", name: "conv" });
  const gap = tf.layers.globalAveragePooling2d({});
  const dense = tf.layers.dense({ units: classes, name: "head" });
  const out = dense.apply(gap.apply(conv.apply(input))) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  tf.tidy(() => {
    conv.setWeights([tf.tensor4d(randn(9 * C * K, 11), [3, 3, C, K]), tf.tensor1d(randn(K, 12, 0.1))]);
    const w = new Float32Array(K * classes);
    w[channel * classes + cls] = 2.5; // kernel [K, classes]: only channel → class
    dense.setWeights([tf.tensor2d(w, [K, classes]), tf.zeros([classes])]);
  });
  return model;
}

describe("gradCam", () => {
  it("equals the one channel the class reads (ReLU'd, divided by its maximum)", async () => {
    const model = oneChannelModel(1, 2);
    const x = uniformImages([2, H, W, C], 4, -1, 1);
    const map = await gradCam(model, x, { layer: "conv", classIndex: 2 });
    expect(map.shape).toEqual([2, H, W]);
    const A = tf.tidy(() => tf.model({ inputs: model.inputs, outputs: model.getLayer("conv").output as tf.SymbolicTensor }).predict(x) as tf.Tensor);
    const a = A.dataSync();
    const want = new Float32Array(2 * H * W);
    for (let n = 0; n < 2; n++) {
      let peak = 0;
      for (let p = 0; p < H * W; p++) peak = Math.max(peak, a[(n * H * W + p) * K + 1]);
      for (let p = 0; p < H * W; p++) want[n * H * W + p] = Math.max(0, a[(n * H * W + p) * K + 1]) / peak;
    }
    expect(maxDiff(map.dataSync(), want)).toBeLessThan(1e-5);
    tf.dispose([map, A, x]);
    model.dispose();
  });

  it("is zero for a class whose score reads no channel", async () => {
    const model = oneChannelModel(0, 1);
    const x = uniformImages([1, H, W, C], 5, -1, 1);
    const map = await gradCam(model, x, { layer: "conv", classIndex: 3 });
    expect(Math.max(...map.dataSync())).toBe(0);
    tf.dispose([map, x]);
    model.dispose();
  });

  it("upsamples a pooled layer's map to the input size and follows skip connections", async () => {
    const input = tf.input({ shape: [H, W, C] });
    const c1 = tf.layers.conv2d({ filters: K, kernelSize: 3, padding: "same", name: "c1" }).apply(input) as tf.SymbolicTensor;
    const pooled = tf.layers.maxPooling2d({ poolSize: 2, name: "pool" }).apply(c1) as tf.SymbolicTensor;
    const c2 = tf.layers.conv2d({ filters: K, kernelSize: 3, padding: "same", name: "c2" }).apply(pooled) as tf.SymbolicTensor;
    const sum = tf.layers.add({ name: "skip" }).apply([pooled, c2]) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: classes }).apply(tf.layers.flatten().apply(sum)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const x = uniformImages([1, H, W, C], 6);
    const map = await gradCam(model, x.squeeze([0]), { layer: "pool" });
    expect(map.shape).toEqual([H, W]);
    const values = map.dataSync();
    expect(Math.max(...values)).toBeLessThanOrEqual(1 + 1e-6);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    tf.dispose([map, x]);
    model.dispose();
  });

  it("leaks no tensors", async () => {
    const model = oneChannelModel(1, 2);
    const x = uniformImages([1, H, W, C], 4);
    (await gradCam(model, x, { layer: "conv" })).dispose();
    const before = tf.memory().numTensors;
    (await gradCam(model, x, { layer: "conv" })).dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });

  it("rejects a layer that does not exist (listing the layers) and a layer without feature maps", async () => {
    const model = oneChannelModel(1, 2);
    const x = uniformImages([1, H, W, C], 4);
    await expect(gradCam(model, x, { layer: "conv9" })).rejects.toThrow(/layer "conv9" is not a layer of this model; the layers are: .*conv.*head/);
    await expect(gradCam(model, x, { layer: "head" })).rejects.toThrow(/layer "head" \(Dense\) has output shape \[,4\], but Grad-CAM needs a layer with feature maps/);
    x.dispose();
    model.dispose();
  });
});
