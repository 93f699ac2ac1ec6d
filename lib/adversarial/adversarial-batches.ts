/**
 * Adversarial training (Goodfellow et al. 2014; Madry et al. 2017) as a data source for `train`: every
 * batch of `data` is attacked with the model's *current* weights (batches are made lazily, between
 * training steps) and a fraction of it is replaced by its adversarial copies, so the model learns from
 * the examples that fool it now. `fraction` 0.5 is Goodfellow's mixture of clean and adversarial loss;
 * 1 with `attack: "pgd"` is Madry's min–max training.
 */
import * as tf from "@tensorflow/tfjs";
import { checkModel } from "../evaluate/predict";
import { Batch, BatchOptions, BatchSource, Data, toBatchSource } from "../train/data";
import { fgsm } from "./fgsm";
import { pgd } from "./pgd";
import { nonNegative } from "./input-gradient";

/** Options of `adversarialBatches`. */
export interface AdversarialBatchesArgs {
  /** L∞ budget of the attack, pixel units. Required. */
  epsilon: number;
  /** "fgsm" or "pgd". Default "fgsm". */
  attack?: "fgsm" | "pgd";
  /** Fraction of each batch replaced by adversarial copies, 0..1. Default 0.5. */
  fraction?: number;
  /** PGD steps. Default 5. */
  steps?: number;
}

export function adversarialBatches(model: tf.LayersModel, data: Data, args: AdversarialBatchesArgs): BatchSource {
  checkModel(model, "adversarialBatches");
  const epsilon = nonNegative(args?.epsilon, "epsilon", "adversarialBatches");
  const attack = args.attack ?? "fgsm";
  if (attack !== "fgsm" && attack !== "pgd") throw new Error(`adversarialBatches: attack must be "fgsm" or "pgd", got ${JSON.stringify(attack)}`);
  const fraction = args.fraction ?? 0.5;
  if (!(typeof fraction === "number" && fraction >= 0 && fraction <= 1)) throw new Error(`adversarialBatches: fraction must be a number in [0, 1], got ${JSON.stringify(fraction)}`);
  const source = toBatchSource(data);
  return {
    size: source.size,
    async *batches(batchSize: number, options: BatchOptions): AsyncIterable<Batch> {
      let step = 0;
      for await (const batch of source.batches(batchSize, options)) {
        const n = batch.x.shape[0];
        const k = Math.round(fraction * n);
        if (k === 0) { yield batch; continue; }
        const labels = Array.from(await batch.y.data(), Math.round).slice(0, k);
        const head = tf.slice(batch.x, 0, k);
        const attacked = attack === "fgsm" ? await fgsm(model, head, labels, { epsilon }) : await pgd(model, head, labels, { epsilon, steps: args.steps ?? 5, seed: options.seed * 100003 + step });
        const x = k === n ? attacked : tf.tidy(() => tf.concat([attacked, tf.slice(batch.x, k, n - k)], 0));
        if (x !== attacked) attacked.dispose();
        head.dispose();
        batch.x.dispose();
        step++;
        yield { x: x as tf.Tensor4D, y: batch.y };
      }
    },
  };
}
