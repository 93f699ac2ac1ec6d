/** summarize() counts depthwise and depthwise-separable convolutions (MobileNet's blocks). */
import * as tf from "@tensorflow/tfjs";
import { summarize } from "../../lib/summary";
import { useBackend } from "./helpers";

beforeAll(useBackend);

function oneLayer(layer: tf.layers.Layer, inputShape: number[]): tf.LayersModel {
  const x = tf.input({ shape: inputShape });
  return tf.model({ inputs: x, outputs: layer.apply(x) as tf.SymbolicTensor });
}

describe("summarize: depthwise and separable convolutions", () => {
  it("SeparableConv2D 3x3, 32 → 64 on 112x112 ('same'): D²·K²·M depthwise + D²·M·N pointwise multiply-adds", () => {
    const m = oneLayer(tf.layers.separableConv2d({ filters: 64, kernelSize: 3, padding: "same", useBias: false }), [112, 112, 32]);
    const row = summarize(m).rows.find((r) => r.type === "SeparableConv2D");
    const D = 112, K = 3, M = 32, N = 64;
    expect(row?.params).toBe(K * K * M + M * N);
    expect(row?.multiplyAdds).toBe(D * D * K * K * M + D * D * M * N);
    expect(row?.connections).toBe(D * D * K * K * M + D * D * M * N);
    m.dispose();
  });

  it("DepthwiseConv2D 3x3 stride 2 with multiplier 2 and bias on 9x9x4 ('valid')", () => {
    const m = oneLayer(tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, depthMultiplier: 2 }), [9, 9, 4]);
    const row = summarize(m).rows.find((r) => r.type === "DepthwiseConv2D");
    const outputs = 4 * 4 * 4 * 2; // (9 − 3)/2 + 1 = 4 pixels a side, 4 channels × 2 maps each
    expect(row?.outputShape).toEqual([4, 4, 8]);
    expect(row?.multiplyAdds).toBe(outputs * 9);
    expect(row?.connections).toBe(outputs * (9 + 1));
    m.dispose();
  });
});
