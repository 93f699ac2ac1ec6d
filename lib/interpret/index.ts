/** `interpret`: what a trained CNN looks at and what its channels respond to. */
export { saliency } from "./saliency";
export type { SaliencyArgs } from "./saliency";
export { gradCam } from "./grad-cam";
export type { GradCamArgs } from "./grad-cam";
export { occlusion } from "./occlusion";
export type { OcclusionArgs } from "./occlusion";
export { maxActivating } from "./max-activating";
export type { MaxActivatingArgs, MaxActivatingResult, ActivatingPatch, ImageSource } from "./max-activating";
export { activationMaximization } from "./activation-maximization";
export type { ActivationMaximizationArgs, ActivationMaximizationResult } from "./activation-maximization";
export { embedding } from "./embedding";
export type { EmbeddingArgs, Points } from "./embedding";
export { receptiveBox } from "./receptive-box";
export type { Field, AxisField } from "./receptive-box";
