/** GoogLeNet's auxiliary classifier: shapes and parameters from section 5 of Szegedy et al. 2014. */
import * as tf from "@tensorflow/tfjs";
import { auxiliaryClassifier } from "../../lib/layers/inception";
import { useBackend } from "./helpers";

beforeAll(useBackend);

describe("auxiliaryClassifier", () => {
  it.each([
    // (4a) 14x14x512 and (4d) 14x14x528: 5x5/3 pool → 4x4; 1x1 conv 128; dense 2048 → 1024 → 1000.
    [512, 1000],
    [528, 1000],
    [512, 10],
  ])("on 14x14x%d with %d classes: 4x4x128 after the 1x1 conv, the paper's parameter count", (channels, classes) => {
    const x = tf.input({ shape: [14, 14, channels] });
    const m = tf.model({ inputs: x, outputs: auxiliaryClassifier(x, { classes, name: "aux" }) });
    expect(m.getLayer("aux_pool").outputShape).toEqual([null, 4, 4, channels]);
    expect(m.getLayer("aux_conv").outputShape).toEqual([null, 4, 4, 128]);
    expect(m.outputs[0].shape).toEqual([null, classes]);
    expect(m.countParams()).toBe(channels * 128 + 128 + (4 * 4 * 128 * 1024 + 1024) + (1024 * classes + classes));
    expect((m.getLayer("aux_dropout").getConfig() as { rate: number }).rate).toBe(0.7);
    m.dispose();
  });

  it("names a bad argument and a map too small for its pool", () => {
    expect(() => auxiliaryClassifier(tf.input({ shape: [14, 14, 8] }), { dropout: 1 })).toThrow("auxiliaryClassifier: dropout must be a number in [0, 1), got 1");
    expect(() => auxiliaryClassifier(tf.input({ shape: [4, 4, 8] }), { name: "aux1" })).toThrow('auxiliaryClassifier "aux1": needs a map of at least 5x5 for its 5x5/3 average pool, got 4x4');
  });
});
