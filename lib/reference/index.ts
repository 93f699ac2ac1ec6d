/**
 * Teaching implementations of every CNN op: plain loops over typed arrays, no tfjs,
 * named after the indices of the formulas. `import { reference as R } from "cnnlab"`.
 */
export * from "./ndarray";
export type { WindowArgs } from "./geometry";
export * from "./conv2d";
export * from "./matmul";
export * from "./im2col";
export * from "./convolve2d";
export * from "./pool";
export * from "./batchnorm";
export * from "./lrn";
export * from "./activations";
export * from "./dropout";
export * from "./losses";
export * from "./optim";
export * from "./gradcheck";
