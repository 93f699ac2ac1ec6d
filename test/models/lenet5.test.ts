/**
 * lenet5 squashes every layer up to F6, as LeCun et al. 1998 (section II.B) build it: "units in
 * layers up to F6 compute a dot product between their input vector and their weight vector, to
 * which a bias is added. This weighted sum … is then passed through a sigmoid squashing function",
 * f(a) = 1.7159 tanh(2a/3). S2 and S4 squash inside the layer (tested in layers.test.ts); here
 * we check that the tensor each next stage reads is f of the convolution's or dense layer's
 * weighted sums — a linear C1 or C3 once made C1→S2 and C3→S4 single linear maps.
 */
import * as tf from "@tensorflow/tfjs";
import { buildModel } from "../../lib/models/registry";
import { maxAbsDiff, seededNormal, useBackend } from "./helpers";

beforeAll(useBackend);

const A = 1.7159;
const S = 2 / 3;

describe("lenet5: every layer up to F6 is squashed by 1.7159 tanh(2a/3)", () => {
  let model: tf.LayersModel;
  beforeAll(() => {
    model = buildModel("lenet5", { seed: 3 });
    // Weights ×8 drive every layer's weighted sums well past ±1, where f(a) and a differ.
    const large = tf.tidy(() => model.getWeights().map((w) => w.mul(8)));
    model.setWeights(large);
    tf.dispose(large);
  });
  afterAll(() => model.dispose());

  // [weighted-sum layer, the layer that reads its states]
  it.each([
    ["C1", "S2"],
    ["C3", "S4"],
    ["C5", "flatten"],
    ["F6", "output"],
  ])("%s → %s: the states it reads are f(the weighted sums)", (layer, reader) => {
    const x = seededNormal([2, 32, 32, 1], 11);
    const probe = tf.model({ inputs: model.inputs, outputs: [model.getLayer(layer).output as tf.SymbolicTensor, model.getLayer(reader).input as tf.SymbolicTensor] });
    const [sums, states] = probe.predict(x) as tf.Tensor[];
    const a = sums.dataSync();
    const f = Array.from(a, (v) => A * Math.tanh(S * v));
    expect(maxAbsDiff(f, a)).toBeGreaterThan(0.5); // the fixture can tell f(a) from a
    expect(maxAbsDiff(states, f)).toBeLessThan(1e-5);
    tf.dispose([x, sums, states]);
  });

  it("S2 and S4 squash with the scaled tanh too", () => {
    expect(["S2", "S4"].map((name) => model.getLayer(name).getConfig().activation)).toEqual(["scaledTanh", "scaledTanh"]);
  });
});
