/**
 * Importing this module registers every custom layer class with
 * tf.serialization, so that tf.loadLayersModel can rebuild models that use them.
 */
export { LocalResponseNormalization } from "./lrn";
export { PartialConv2D } from "./partial-conv";
export { TrainableSubsampling } from "./subsampling";
export { Squash } from "./squash-layer";
export { Maxout } from "./maxout";
// tfjs-layers' Conv2D and BatchNormalization, registered under their own names (saved models stay tfjs-layers files).
export { Conv2D } from "./factories";
export { BatchNormalization } from "./batch-norm";
