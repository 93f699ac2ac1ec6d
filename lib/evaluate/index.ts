/** Evaluation: metrics, confusion matrices, mistakes, activations, features, neighbours. */
export { evaluate } from "./evaluate";
export type { Evaluation } from "./evaluate";
export type { PredictArgs, Predictions } from "./predict";
export { confusionMatrix, perClassAccuracy, misclassified } from "./metrics";
export type { Labels, Misclassified } from "./metrics";
export { activations, features } from "./activations";
export type { ActivationArgs } from "./activations";
export { nearestNeighbours } from "./neighbours";
export type { Metric, Neighbour, NeighbourArgs } from "./neighbours";
export { receptiveField, maxActivatingPatches } from "./patches";
export type { ReceptiveField, PatchArgs, PatchHit, Patches } from "./patches";
