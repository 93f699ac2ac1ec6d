/**
 * tf.layers.conv2d / dense with Glorot-uniform kernels (the Keras default) instead of
 * tfjs's Glorot-normal: tfjs samples its truncated normal several times slower than a
 * uniform, which dominates building VGG-16's 138M weights. Everything else passes through.
 */
import * as tf from "@tensorflow/tfjs";

type Conv2DArgs = Parameters<typeof tf.layers.conv2d>[0];
type DenseArgs = Parameters<typeof tf.layers.dense>[0];

export function conv2d(args: Conv2DArgs): tf.layers.Layer {
  return tf.layers.conv2d({ kernelInitializer: "glorotUniform", ...args });
}

export function dense(args: DenseArgs): tf.layers.Layer {
  return tf.layers.dense({ kernelInitializer: "glorotUniform", ...args });
}
