/**
 * Accuracy under attack, for a list of budgets ε: every test example is attacked (FGSM or PGD against
 * its true label) and counted correct if the model still predicts that label. ε = 0 gives the clean accuracy.
 */
import * as tf from "@tensorflow/tfjs";
import { checkModel } from "../evaluate/predict";
import { Data, toBatchSource } from "../train/data";
import { fgsm } from "./fgsm";
import { pgd, PgdArgs } from "./pgd";
import { nonNegative } from "./input-gradient";

/** Options of `robustAccuracy`. */
export interface RobustAccuracyArgs {
  /** "fgsm" or "pgd". Default "fgsm". */
  attack?: "fgsm" | "pgd";
  /** The budgets, in pixel units. Required, each ≥ 0. */
  epsilons: readonly number[];
  /** PGD: steps. Default 10. */
  steps?: number;
  /** PGD: step size as a fraction of ε. Default 0.25. */
  alphaFraction?: number;
  /** PGD: seed of the random starts. Default 0. */
  seed?: number;
  /** Examples per batch. Default 128. */
  batchSize?: number;
  /** Valid pixel range, or null for none. Default [0, 1]. */
  clip?: [number, number] | null;
}

export interface RobustPoint {
  epsilon: number;
  /** Fraction of examples still classified correctly. */
  accuracy: number;
  count: number;
}

export async function robustAccuracy(model: tf.LayersModel, data: Data, args: RobustAccuracyArgs): Promise<RobustPoint[]> {
  checkModel(model, "robustAccuracy");
  const attack = args?.attack ?? "fgsm";
  if (attack !== "fgsm" && attack !== "pgd") throw new Error(`robustAccuracy: attack must be "fgsm" or "pgd", got ${JSON.stringify(attack)}`);
  if (!Array.isArray(args.epsilons) || args.epsilons.length === 0) throw new Error(`robustAccuracy: epsilons must be a non-empty array of numbers ≥ 0, got ${JSON.stringify(args.epsilons)}`);
  const epsilons = args.epsilons.map((e, i) => nonNegative(e, `epsilons[${i}]`, "robustAccuracy"));
  const batchSize = args.batchSize ?? 128;
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new Error(`robustAccuracy: batchSize must be an integer ≥ 1, got ${JSON.stringify(batchSize)}`);
  const source = toBatchSource(data);
  const correct = new Array<number>(epsilons.length).fill(0);
  let count = 0;
  for await (const batch of source.batches(batchSize, { shuffle: false, seed: 0 })) {
    const labels = Array.from(await batch.y.data(), Math.round);
    for (const [e, epsilon] of epsilons.entries()) {
      const adv =
        attack === "fgsm"
          ? await fgsm(model, batch.x, labels, { epsilon, clip: args.clip })
          : await pgd(model, batch.x, labels, { epsilon, alpha: epsilon * (args.alphaFraction ?? 0.25), steps: args.steps, seed: args.seed, clip: args.clip } as PgdArgs);
      const predictedT = tf.tidy(() => (model.apply(adv, { training: false }) as tf.Tensor).argMax(1));
      adv.dispose();
      const predicted = await predictedT.data();
      predictedT.dispose();
      predicted.forEach((p, i) => { if (p === labels[i]) correct[e]++; });
    }
    count += labels.length;
    tf.dispose([batch.x, batch.y]);
  }
  return epsilons.map((epsilon, e) => ({ epsilon, accuracy: count ? correct[e] / count : 0, count }));
}
