/** Residual and Inception blocks: output shapes and parameter counts from the formulas. */
import * as tf from "@tensorflow/tfjs";
import { basicBlock, bottleneckBlock, ShortcutKind } from "../../lib/layers/residual";
import { inceptionChannels, inceptionModule } from "../../lib/layers/inception";
import { useBackend } from "../models/helpers";

beforeAll(useBackend);

/** conv k×k, cin → cout, no bias, then BN: k²·cin·cout + 2·cout trainable. */
const convBnParams = (k: number, cin: number, cout: number) => k * k * cin * cout + 2 * cout;

function blockModel(build: (x: tf.SymbolicTensor) => tf.SymbolicTensor, inputShape: number[]): tf.LayersModel {
  const x = tf.input({ shape: inputShape });
  return tf.model({ inputs: x, outputs: build(x) });
}

const trainable = (m: tf.LayersModel) => m.trainableWeights.reduce((s, w) => s + w.shape.reduce((p: number, d) => p * (d as number), 1), 0);

describe("residual blocks", () => {
  it.each([
    { case: "basic, identity (16→16, stride 1)", block: basicBlock, input: [8, 8, 16], filters: 16, strides: 1, shortcut: "auto", out: [8, 8, 16], params: 2 * convBnParams(3, 16, 16) },
    { case: "basic, projection on stride 2 (16→32)", block: basicBlock, input: [8, 8, 16], filters: 32, strides: 2, shortcut: "auto", out: [4, 4, 32], params: convBnParams(3, 16, 32) + convBnParams(3, 32, 32) + convBnParams(1, 16, 32) },
    { case: "basic, forced projection (16→16)", block: basicBlock, input: [8, 8, 16], filters: 16, strides: 1, shortcut: "projection", out: [8, 8, 16], params: 2 * convBnParams(3, 16, 16) + convBnParams(1, 16, 16) },
    { case: "bottleneck, projection on channels (64→4·64)", block: bottleneckBlock, input: [8, 8, 64], filters: 64, strides: 1, shortcut: "auto", out: [8, 8, 256], params: convBnParams(1, 64, 64) + convBnParams(3, 64, 64) + convBnParams(1, 64, 256) + convBnParams(1, 64, 256) },
    { case: "bottleneck, identity (256→256)", block: bottleneckBlock, input: [8, 8, 256], filters: 64, strides: 1, shortcut: "identity", out: [8, 8, 256], params: convBnParams(1, 256, 64) + convBnParams(3, 64, 64) + convBnParams(1, 64, 256) },
    { case: "bottleneck, stride 2 (256→512)", block: bottleneckBlock, input: [8, 8, 256], filters: 128, strides: 2, shortcut: "auto", out: [4, 4, 512], params: convBnParams(1, 256, 128) + convBnParams(3, 128, 128) + convBnParams(1, 128, 512) + convBnParams(1, 256, 512) },
  ])("$case", ({ block, input, filters, strides, shortcut, out, params }) => {
    const m = blockModel((x) => block(x, { filters, strides, shortcut: shortcut as ShortcutKind }), input);
    expect(m.outputs[0].shape).toEqual([null, ...out]);
    expect(trainable(m)).toBe(params);
    const y = m.predict(tf.ones([2, ...input])) as tf.Tensor;
    expect(y.shape).toEqual([2, ...out]);
    expect(y.min().dataSync()[0]).toBeGreaterThanOrEqual(0); // ends with ReLU
    tf.dispose(y);
    m.dispose();
  });

  it("no convolution in a block has a bias (batch norm follows each)", () => {
    const m = blockModel((x) => bottleneckBlock(x, { filters: 8, strides: 2 }), [8, 8, 16]);
    const convs = m.layers.filter((l) => l.getClassName() === "Conv2D");
    expect(convs).toHaveLength(4);
    for (const c of convs) expect(c.getConfig().useBias).toBe(false);
    m.dispose();
  });

  it("identity shortcut with a changed shape fails naming the block, the channels and the fix", () => {
    const x = tf.input({ shape: [8, 8, 16] });
    expect(() => basicBlock(x, { filters: 32, shortcut: "identity", name: "b1" })).toThrow(/basicBlock "b1": shortcut "identity" needs an unchanged shape, but input channels 16 → 32 with strides 1; use shortcut "projection" or "auto"/);
  });

  it.each([
    { case: "filters 0", args: { filters: 0 }, msg: /basicBlock: filters must be a positive integer, got 0/ },
    { case: "strides 1.5", args: { filters: 4, strides: 1.5 }, msg: /strides must be a positive integer, got 1.5/ },
    { case: "shortcut typo", args: { filters: 4, shortcut: "identiy" }, msg: /shortcut must be one of "auto", "identity", "projection", got "identiy"/ },
  ])("bad argument: $case", ({ args, msg }) => {
    expect(() => basicBlock(tf.input({ shape: [4, 4, 4] }), args as never)).toThrow(msg);
  });
});

describe("Inception module", () => {
  // GoogLeNet's inception (3a) on 28x28x192: 64 + 128 + 32 + 32 = 256 channels.
  const a3 = { conv1: 64, reduce3: 96, conv3: 128, reduce5: 16, conv5: 32, poolProj: 32 };

  it("(3a) on 28x28x192 outputs 28x28x256 with the parameters of its six convolutions", () => {
    const m = blockModel((x) => inceptionModule(x, { ...a3, name: "inception3a" }), [28, 28, 192]);
    expect(m.outputs[0].shape).toEqual([null, 28, 28, 256]);
    expect(inceptionChannels(a3)).toBe(256);
    const conv = (k: number, cin: number, cout: number) => k * k * cin * cout + cout;
    const expected = conv(1, 192, 64) + conv(1, 192, 96) + conv(3, 96, 128) + conv(1, 192, 16) + conv(5, 16, 32) + conv(1, 192, 32);
    expect(expected).toBe(163696);
    expect(m.countParams()).toBe(expected);
    m.dispose();
  });

  it("branches are concatenated in the order 1x1 | 3x3 | 5x5 | pool", () => {
    const m = blockModel((x) => inceptionModule(x, { conv1: 1, reduce3: 1, conv3: 2, reduce5: 1, conv5: 3, poolProj: 4, name: "m" }), [5, 5, 2]);
    const concat = m.getLayer("m_concat");
    const sources = (concat.inboundNodes[0].inboundLayers as tf.layers.Layer[]).map((l) => l.name);
    expect(sources).toEqual(["m_1x1", "m_3x3", "m_5x5", "m_pool_proj"]);
    expect(m.outputs[0].shape).toEqual([null, 5, 5, 10]);
    m.dispose();
  });

  it("a missing field is named", () => {
    expect(() => inceptionModule(tf.input({ shape: [4, 4, 4] }), { ...a3, conv5: undefined } as never)).toThrow(/inceptionModule: conv5 must be a positive integer, got undefined/);
  });
});
