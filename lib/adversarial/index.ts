/** `adversarial`: small input changes that fool a trained CNN, and accuracy under them. */
export { fgsm } from "./fgsm";
export type { FgsmArgs } from "./fgsm";
export { pgd } from "./pgd";
export type { PgdArgs } from "./pgd";
export { robustAccuracy } from "./robust-accuracy";
export type { RobustAccuracyArgs, RobustPoint } from "./robust-accuracy";
export { adversarialBatches } from "./adversarial-batches";
export type { AdversarialBatchesArgs } from "./adversarial-batches";
