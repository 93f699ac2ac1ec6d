import * as tf from "@tensorflow/tfjs";
import { PNG } from "pngjs";
import { bucketMeans, dashboard, readLog, resolveScalars } from "../../kernel-ext/dashboard";
import { DisplayOutput, __captureDisplays } from "../../kernel-ext/display";
import { niceTicks } from "../../kernel-ext/svgChart";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** A clock the test moves by hand, so throttling is deterministic. */
function manualClock() {
  let now = 1_000_000;
  return { clock: () => now, advance: (ms: number) => (now += ms) };
}

describe("dashboard as cnnlab train callbacks", () => {
  it("updates one output in place, at most every redrawMs, always at epoch and train end", async () => {
    const t = manualClock();
    const outputs: DisplayOutput[] = await __captureDisplays(async () => {
      const d = dashboard({ epochs: 2, batchesPerEpoch: 4, redrawMs: 500, clock: t.clock });
      await d.onTrainBegin();
      for (let epoch = 0; epoch < 2; epoch++) {
        for (let batch = 0; batch < 4; batch++) {
          t.advance(200);
          await d.onBatchEnd(batch, { loss: 1 / (epoch * 4 + batch + 1), acc: 0.5, size: 32 });
        }
        await d.onEpochEnd(epoch, { loss: 0.5 - epoch * 0.2, acc: 0.7 + epoch * 0.1, val_loss: 0.6 - epoch * 0.2, val_acc: 0.65 + epoch * 0.1 });
      }
      await d.onTrainEnd();
    });
    // Draws: begin (t=0); batch at 600 ms (≥ 500 ms after 0); epoch end at 800 (forced);
    // batch at 1400 (≥ 500 after 800); epoch end at 1600 (forced); train end (forced) = 6.
    const ids = new Set(outputs.map((o) => o.displayId));
    expect(ids.size).toBe(1);
    expect(outputs[0].update).toBe(false);
    expect(outputs.slice(1).every((o) => o.update)).toBe(true);
    expect(outputs.length).toBe(6);
    const last = outputs[outputs.length - 1].bundle;
    // 8 batches × 32 images in 1.6 s = 160 img/s.
    expect(last["text/plain"]).toBe(
      "Training: epoch 2/2 batch 4/4 [####################] 100% loss 0.300 acc 0.800 val_loss 0.400 val_acc 0.750 done in 2 s 160 img/s",
    );
    // Sanitiser-proof HTML: the curves are <img>s of SVG (no inline <svg>, whose labels would be left as loose text), the bar inline-styled.
    const html = String(last["text/html"]);
    expect(html).not.toContain("<svg");
    const charts = [...html.matchAll(/<img src="data:image\/svg\+xml;base64,([^"]+)"/g)].map((m) => Buffer.from(m[1], "base64").toString("utf8"));
    expect(charts).toHaveLength(2);
    expect(charts[0]).toContain(">loss</text>");
    expect(charts[0]).toContain(">validation</text>");
    expect(charts[1]).toContain(">accuracy</text>");
    expect(html).toContain("width:100.0%");
    // The last frame (forced) has a PNG of the whole dashboard: two 360×220 charts side by side under the status line.
    const png = PNG.sync.read(Buffer.from(String(last["image/png"]), "base64"));
    expect([png.width, png.height]).toEqual([728, 260]);
    // Throttled mid-epoch redraws skip the PNG (rendering one takes tens of ms); forced ones carry it.
    expect(outputs.map((o) => "image/png" in o.bundle)).toEqual([true, false, true, false, true, true]);
  });

  it("reports progress and ETA mid-training", async () => {
    const t = manualClock();
    const [, mid] = await __captureDisplays(async () => {
      const d = dashboard({ epochs: 4, batchesPerEpoch: 10, redrawMs: 0, clock: t.clock });
      await d.onTrainBegin();
      t.advance(3000);
      await d.onBatchEnd(4, { loss: 0.9, images_per_s: 1234 });
    });
    // Half of the first of 4 epochs = 12.5 % after 3 s → 21 s left.
    expect(mid.bundle["text/plain"]).toBe("Training: epoch 1/4 batch 5/10 [###-----------------] 13% loss 0.900 ETA 21 s 1234 img/s");
    expect(mid.bundle["text/html"]).toContain("width:12.5%");
  });

  it("learns the epoch length from the first epoch, and counts epochs without onEpochBegin", async () => {
    const d = dashboard({ epochs: 2, redrawMs: 0 });
    await __captureDisplays(async () => {
      await d.onTrainBegin();
      for (let b = 0; b < 3; b++) await d.onBatchEnd(b, { loss: 1 });
      await d.onEpochEnd(0, { loss: 1 });
      await d.onBatchEnd(0, { loss: 1 });
    });
    expect(d.statusLine()).toContain("epoch 2/2 batch 1/3");
  });

  it("accepts cnnlab train's calling convention: (logs, control) with epoch/batch inside logs", async () => {
    const t = manualClock();
    const control = { stop: () => undefined };
    const outputs = await __captureDisplays(async () => {
      const d = dashboard({ redrawMs: 0, clock: t.clock });
      await d.onTrainBegin({ epochs: 2, batchSize: 4, batchesPerEpoch: 2, size: 8, optimizer: "sgd", output: "softmax" }, control);
      for (let epoch = 0; epoch < 2; epoch++) {
        for (let batch = 0; batch < 2; batch++) {
          t.advance(100);
          await d.onBatchEnd({ epoch, batch, batchesPerEpoch: 2, loss: 1 - epoch * 0.5, accuracy: 0.5, size: 4, learningRate: 0.1 }, control);
        }
        await d.onEpochEnd({ epoch, loss: 0.9 - epoch * 0.5, accuracy: 0.6, valLoss: 1, valAccuracy: 0.55, learningRate: 0.1, imagesPerSecond: 40, seconds: 0.2, images: 8, complete: true }, control);
      }
      await d.onTrainEnd({ epochs: [], batchLosses: [], stopped: false });
    });
    expect(outputs[outputs.length - 1].bundle["text/plain"]).toBe(
      "Training: epoch 2/2 batch 2/2 [####################] 100% loss 0.400 acc 0.600 val_loss 1.00 val_acc 0.550 done in 0 s 40 img/s",
    );
    const midSecondEpoch = outputs.find((o) => o.bundle["text/plain"].includes("epoch 2/2 batch 1/2"));
    expect(midSecondEpoch?.bundle["text/plain"]).toContain("75%");
  });

  it("outside a kernel prints text lines (not every batch)", async () => {
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      const t = manualClock();
      const d = dashboard({ epochs: 1, batchesPerEpoch: 100, clock: t.clock });
      await d.onTrainBegin();
      for (let b = 0; b < 100; b++) {
        t.advance(100);
        await d.onBatchEnd(b, { loss: 0.5 });
      }
      await d.onEpochEnd(0, { loss: 0.5 });
      await d.onTrainEnd();
      // 10 s of batches with printMs 5000 → 2 batch lines, + epoch end + train end.
      expect(log).toHaveBeenCalledTimes(4);
      expect(log.mock.calls[3][0]).toMatch(/^Training: epoch 1\/1 batch 100\/100 \[#{20}\] 100% loss 0.500 done in 10 s$/);
    } finally {
      log.mockRestore();
    }
  });

  it.each([
    ["epochs 0", { epochs: 0 }, /epochs: expected a positive number, received 0/],
    ["batchesPerEpoch NaN", { batchesPerEpoch: NaN }, /batchesPerEpoch: expected a positive number, received NaN/],
    ["redrawMs −1", { redrawMs: -1 }, /redrawMs: expected a number ≥ 0, received -1/],
  ])("rejects %s", (_name, args, message) => {
    expect(() => dashboard(args)).toThrow(message);
  });
});

describe("dashboard as a model.fit callback", () => {
  it("reads epochs and steps from fit, scalar-tensor batch logs, and leaks no tensors", async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2, activation: "softmax" })] });
    model.compile({ optimizer: "sgd", loss: "categoricalCrossentropy", metrics: ["accuracy"] });
    const x = tf.randomNormal([40, 3], 0, 1, "float32", 1);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: 40 }, (_, k) => k % 2), "int32"), 2);
    const d = dashboard({ redrawMs: 0 });
    const before = tf.memory().numTensors;
    const outputs = await __captureDisplays(async () => {
      await model.fit(x, y, { epochs: 2, batchSize: 10, validationSplit: 0.25, callbacks: d });
    });
    const last = outputs[outputs.length - 1].bundle["text/plain"];
    // 30 training samples / batch 10 = 3 batches per epoch.
    expect(last).toMatch(/^Training: epoch 2\/2 batch 3\/3 \[#{20}\] 100% loss [\d.]+ acc [\d.]+ val_loss [\d.]+ val_acc [\d.]+ done in \d+ s \d+ img\/s$/);
    // One output per batch (redrawMs 0) plus begin, epoch ends and end: 1 + 6 + 2 + 1.
    expect(outputs).toHaveLength(10);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    model.dispose();
  });

  it.each([
    ["a number", { loss: 0.25 }, "loss", 0.25],
    ["a scalar tensor", { loss: tf.scalar(0.5) }, "loss", 0.5],
    ["accuracy spelled out", { accuracy: 0.9 }, "acc", 0.9],
    ["val_accuracy", { val_accuracy: 0.8 }, "valAcc", 0.8],
    ["imagesPerSec", { imagesPerSec: 500 }, "imagesPerSecond", 500],
    ["a missing key", { foo: 1 }, "loss", undefined],
    ["a string", { loss: "x" }, "loss", undefined],
  ])("readLog after resolveScalars: %s", async (_name, logs, quantity, value) => {
    expect(readLog(await resolveScalars(logs), quantity as never)).toBe(value);
  });

  it("resolveScalars reads scalar tensors with await and leaves the caller's logs and tensors alone", async () => {
    const loss = tf.scalar(0.5);
    const logs = { loss, size: 32 };
    const before = tf.memory().numTensors;
    expect(await resolveScalars(logs)).toEqual({ loss: 0.5, size: 32 });
    expect(logs.loss).toBe(loss);
    expect(loss.isDisposed).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
    loss.dispose();
  });
});

describe("niceTicks", () => {
  it.each([
    [0, 1, [0, 0.25, 0.5, 0.75, 1]],
    [0.31, 0.92, [0.4, 0.6, 0.8]],
    [0, 10, [0, 2.5, 5, 7.5, 10]],
  ])("%p..%p → %p", (lo, hi, ticks) => {
    expect(niceTicks(lo, hi)).toEqual(ticks);
  });
});

describe("bucketMeans", () => {
  it("keeps short series as they are", () => {
    expect(bucketMeans([[0, 1], [1, 2]], 4)).toEqual([[0, 1], [1, 2]]);
  });

  it("averages long series into at most max buckets", () => {
    const points = Array.from({ length: 6 }, (_, k) => [k, k * 10] as [number, number]);
    // Buckets {0,1}, {2,3}, {4,5}.
    expect(bucketMeans(points, 3)).toEqual([[0.5, 5], [2.5, 25], [4.5, 45]]);
  });
});
