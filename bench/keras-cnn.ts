/**
 * Notebook 11's Keras CNN (the Spanish deck's, `kerasCnn()` in notebooks/11-keras-cnn.ipynb), built
 * as that cell builds it: with tfjs-layers' own `tf.layers.conv2d` and `tf.layers.dense`, so that the
 * bench trains it through the same layers and kernels the notebook does (not cnnlab's fused
 * conv2d layer, which the model registry's architectures use), softmax output included:
 *
 *   28x28x1 → conv 64 7x7 same relu → maxpool 2 → conv 128 3x3 same relu ×2 → maxpool 2
 *   → conv 256 3x3 same relu ×2 → maxpool 2 → flatten → dense 128 relu → dropout 0.5
 *   → dense 64 relu → dropout 0.5 → dense 10 softmax          (1,413,834 trainable parameters)
 *
 * bench/pytorch_reference.py and bench/keras_reference.py build the same layers ("kerascnn").
 */
import * as tf from "@tensorflow/tfjs";

export function kerasCnn(): tf.Sequential {
  const conv = (filters: number, kernelSize: number) => tf.layers.conv2d({ filters, kernelSize, activation: "relu", padding: "same" });
  const model = tf.sequential({ name: "keras_cnn" });
  model.add(tf.layers.conv2d({ filters: 64, kernelSize: 7, activation: "relu", padding: "same", inputShape: [28, 28, 1] }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(conv(128, 3));
  model.add(conv(128, 3));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(conv(256, 3));
  model.add(conv(256, 3));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 128, activation: "relu" }));
  model.add(tf.layers.dropout({ rate: 0.5 }));
  model.add(tf.layers.dense({ units: 64, activation: "relu" }));
  model.add(tf.layers.dropout({ rate: 0.5 }));
  model.add(tf.layers.dense({ units: 10, activation: "softmax" }));
  return model;
}
