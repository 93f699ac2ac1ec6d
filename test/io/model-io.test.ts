/** Serialisation: every custom layer round-trips through tfjs's JSON + weights format, in memory and on disk. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { buildModel } from "../../lib/models/registry";
import { loadModel, saveModel } from "../../lib/io/model-io";
import { LocalResponseNormalization } from "../../lib/layers/lrn";
import { Maxout } from "../../lib/layers/maxout";
import { LENET5_C3_TABLE, PartialConv2D } from "../../lib/layers/partial-conv";
import { Squash } from "../../lib/layers/squash-layer";
import { TrainableSubsampling } from "../../lib/layers/subsampling";
import { maxAbsDiff, seededNormal, useBackend } from "../models/helpers";

beforeAll(useBackend);

async function roundTripInMemory(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
  }));
  // Through JSON text, as a file would carry it.
  const a = saved! as tf.io.ModelArtifacts;
  return tf.loadLayersModel(tf.io.fromMemory(JSON.parse(JSON.stringify(a.modelTopology)), a.weightSpecs, a.weightData));
}

function oneLayerModel(layer: tf.layers.Layer, inputShape: number[]): tf.LayersModel {
  const x = tf.input({ shape: inputShape });
  return tf.model({ inputs: x, outputs: layer.apply(x) as tf.SymbolicTensor });
}

describe("custom layers survive save → load with their config and weights", () => {
  it.each([
    { case: "LocalResponseNormalization(r=1, k=1, α=0.1, β=0.5)", make: () => new LocalResponseNormalization({ depthRadius: 1, bias: 1, alpha: 0.1, beta: 0.5 }), shape: [3, 3, 4] },
    { case: "PartialConv2D(C3 table)", make: () => new PartialConv2D({ table: LENET5_C3_TABLE }), shape: [7, 7, 6] },
    { case: "TrainableSubsampling(sigmoid)", make: () => new TrainableSubsampling({ activation: "sigmoid" }), shape: [4, 4, 3] },
    { case: "Maxout(3 pieces)", make: () => new Maxout({ pieces: 3 }), shape: [2, 2, 6] },
    { case: "Squash(scaledTanh)", make: () => new Squash(), shape: [5] },
  ])("$case", async ({ make, shape }) => {
    const layer = make();
    const model = oneLayerModel(layer, shape);
    // Move the weights off their initial values, so a reload that re-initialises would show.
    model.setWeights(model.getWeights().map((w, i) => seededNormal(w.shape, 100 + i)));
    const loaded = await roundTripInMemory(model);
    const reloaded = loaded.layers[1];
    expect(reloaded.getClassName()).toBe(layer.getClassName());
    expect(reloaded.getConfig()).toEqual(layer.getConfig());
    const X = seededNormal([2, ...shape], 7);
    const [a, b] = [model.predict(X) as tf.Tensor, loaded.predict(X) as tf.Tensor];
    expect(maxAbsDiff(a, b)).toBe(0);
    tf.dispose([X, a, b]);
    model.dispose();
    loaded.dispose();
  });
});

describe("saveModel / loadModel (folder with model.json + weights.bin)", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "cnnlab-io-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("lenet5 (seeded) round-trips: same predictions, only the two files in the folder, readable JSON", async () => {
    const model = buildModel("lenet5", { seed: 3 });
    const target = path.join(dir, "lenet5");
    const result = await saveModel(model, target);
    expect(fs.readdirSync(target).sort()).toEqual(["model.json", "weights.bin"]);
    const json = JSON.parse(fs.readFileSync(path.join(target, "model.json"), "utf8"));
    expect(json.format).toBe("layers-model");
    expect(json.weightsManifest[0].paths).toEqual(["./weights.bin"]);
    expect(fs.statSync(path.join(target, "weights.bin")).size).toBe(60850 * 4);
    expect(result.modelArtifactsInfo.weightDataBytes).toBe(60850 * 4);
    const loaded = await loadModel(target);
    const X = seededNormal([3, 32, 32, 1], 8);
    const [a, b] = [model.predict(X) as tf.Tensor, loaded.predict(X) as tf.Tensor];
    expect(maxAbsDiff(a, b)).toBe(0);
    tf.dispose([X, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it("saving again overwrites in place", async () => {
    const m1 = buildModel("lenet");
    await saveModel(m1, dir);
    m1.setWeights(m1.getWeights().map((w) => tf.onesLike(w)));
    await saveModel(m1, dir);
    const loaded = await loadModel(dir);
    expect(loaded.getWeights()[0].dataSync()[0]).toBe(1);
    expect(fs.readdirSync(dir).sort()).toEqual(["model.json", "weights.bin"]);
    m1.dispose();
    loaded.dispose();
  });

  it.each([
    { case: "a folder without model.json", setup: (d: string) => d, msg: /loadModel: no model.json in folder ".*cnnlab-io-.*" \(expected a folder written by saveModel\)/ },
    { case: "a model.json that is not JSON", setup: (d: string) => (fs.writeFileSync(path.join(d, "model.json"), "{oops"), d), msg: /loadModel: .*model.json is not valid JSON/ },
    { case: "a missing weights file", setup: (d: string) => (fs.writeFileSync(path.join(d, "model.json"), JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ["./w.bin"], weights: [] }] })), d), msg: /loadModel: weights file .*w.bin named in .*model.json is missing/ },
    { case: "an empty path", setup: () => "", msg: /loadModel: dir must be a folder path, got ""/ },
  ])("loadModel fails clearly on $case", async ({ setup, msg }) => {
    await expect(loadModel(setup(dir))).rejects.toThrow(msg);
  });
});
