/** model.save("file://…") and tf.loadLayersModel("file://…/model.json") work without tfjs-node, through cnnlab's folder handler. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import "../../lib/io/model-io";
import { folderOfUrl } from "../../lib/io/file-scheme";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("file:// URLs", () => {
  it("save and load a model by URL, folder or model.json, giving the same predictions", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cnnlab-file-scheme-"));
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2, kernelInitializer: tf.initializers.randomNormal({ seed: 1 }) })] });
    await model.save(`file://${dir}/m`);
    expect(fs.readdirSync(path.join(dir, "m")).sort()).toEqual(["model.json", "weights.bin"]);
    for (const url of [`file://${dir}/m`, `file://${dir}/m/model.json`]) {
      const loaded = await tf.loadLayersModel(url);
      const x = tf.tensor2d([[1, 2, 3]]);
      expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("leaves other schemes alone", async () => {
    expect(tf.io.getSaveHandlers("indexeddb://x")).toHaveLength(0);
    expect(tf.io.getSaveHandlers("file://somewhere")).toHaveLength(1);
    expect(folderOfUrl("file://a/b/model.json")).toBe("a/b");
    expect(folderOfUrl("file:///abs/dir")).toBe("/abs/dir");
  });
});
