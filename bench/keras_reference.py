#!/usr/bin/env python3
"""Keras (TensorFlow) training throughput for the models of `npm run bench`, for `--compare`.

The same three networks as bench/pytorch_reference.py, layer for layer the cnnlab models that
bench/run.ts trains, here channels-last as in cnnlab:

    lenet     cnnlab "lenet"          28x28x1
    resnet20  cnnlab "resnet20"       32x32x3
    alexnet   cnnlab "alexnet-bench"  224x224x1
    kerascnn  notebook 11's kerasCnn() 28x28x1   (bench/keras-cnn.ts; softmax output, Adam 0.001)

trained as a Keras user trains them: compile with SGD (momentum 0.9, learning rate 0.01, no weight
decay; kerascnn: Adam, learning rate 0.001, as notebook 11) and sparse softmax cross-entropy on the
logits (kerascnn: on its softmax's output), then `fit`, one epoch over synthetic N(0, 1) images with
uniform labels to warm up (and trace the graph), then one timed epoch. TensorFlow's CPU
kernels are what @tensorflow/tfjs-node runs, and Keras is what the Spanish lecture deck trains with.

Usage: python3 bench/keras_reference.py [--models lenet,resnet20,alexnet,kerascnn] [--threads N]
                                        [--batch B] [--images N]       (see reference_args.py)
Prints a JSON line per model:
    {"model", "framework": "keras", "version", "threads", "batch", "images", "params", "images_per_s"}
Needs TensorFlow 2 with Keras 3 (pip install tensorflow-cpu).
"""
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's start-up notices would go to stderr

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

import reference_args  # noqa: E402


def lenet(inputs):
    x = layers.Conv2D(6, 5, padding="same", activation="relu")(inputs)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Conv2D(16, 5, activation="relu")(x)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Flatten()(x)
    x = layers.Dense(120, activation="relu")(x)
    x = layers.Dense(84, activation="relu")(x)
    return layers.Dense(10)(x)


def conv_bn(x, filters, kernel, stride=1):
    x = layers.Conv2D(filters, kernel, strides=stride, padding="same", use_bias=False)(x)
    return layers.BatchNormalization()(x)


def basic_block(x, filters, stride):
    """relu(bn(conv(relu(bn(conv(x))))) + shortcut(x)); the shortcut is a 1x1 convolution + BN where the shape changes."""
    y = layers.ReLU()(conv_bn(x, filters, 3, stride))
    y = conv_bn(y, filters, 3)
    shortcut = conv_bn(x, filters, 1, stride) if stride != 1 or x.shape[-1] != filters else x
    return layers.ReLU()(layers.Add()([y, shortcut]))


def resnet20(inputs):
    x = layers.ReLU()(conv_bn(inputs, 16, 3))
    for filters, first_stride in ((16, 1), (32, 2), (64, 2)):
        for block in range(3):
            x = basic_block(x, filters, first_stride if block == 0 else 1)
    x = layers.GlobalAveragePooling2D()(x)
    return layers.Dense(10)(x)


def alexnet(inputs):
    x = layers.ZeroPadding2D(1)(inputs)
    x = layers.Conv2D(96, 11, strides=4, activation="relu")(x)
    x = layers.MaxPooling2D(3, strides=2)(x)
    x = layers.Conv2D(256, 5, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D(3, strides=2)(x)
    x = layers.Conv2D(384, 3, padding="same", activation="relu")(x)
    x = layers.Conv2D(384, 3, padding="same", activation="relu")(x)
    x = layers.Conv2D(256, 3, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D(3, strides=2)(x)
    x = layers.Flatten()(x)
    x = layers.Dropout(0.5)(layers.Dense(4096, activation="relu")(x))
    x = layers.Dropout(0.5)(layers.Dense(4096, activation="relu")(x))
    return layers.Dense(10)(x)


def kerascnn(inputs):
    """The Spanish deck's Keras CNN, as notebook 11 builds it (its last layer a softmax)."""
    x = layers.Conv2D(64, 7, padding="same", activation="relu")(inputs)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Conv2D(128, 3, padding="same", activation="relu")(x)
    x = layers.Conv2D(128, 3, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Conv2D(256, 3, padding="same", activation="relu")(x)
    x = layers.Conv2D(256, 3, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Flatten()(x)
    x = layers.Dropout(0.5)(layers.Dense(128, activation="relu")(x))
    x = layers.Dropout(0.5)(layers.Dense(64, activation="relu")(x))
    return layers.Dense(10, activation="softmax")(x)


BUILDERS = {"lenet": lenet, "resnet20": resnet20, "alexnet": alexnet, "kerascnn": kerascnn}
SOFTMAX_OUTPUT = {"kerascnn"}


def train_seconds(name, hwc, batch, images):
    """Seconds of the timed epoch, and the model's trainable parameter count."""
    keras.utils.set_random_seed(0)
    inputs = keras.Input(hwc)
    model = keras.Model(inputs, BUILDERS[name](inputs), name=name)
    adam = reference_args.OPTIMIZERS[name] == "adam"
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.001) if adam else keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=name not in SOFTMAX_OUTPUT),
    )
    rng = np.random.default_rng(0)
    x = rng.standard_normal((images, *hwc), dtype=np.float32)
    y = rng.integers(0, 10, images)
    model.fit(x, y, batch_size=batch, epochs=1, shuffle=False, verbose=0)  # warm-up and graph tracing
    start = time.perf_counter()
    model.fit(x, y, batch_size=batch, epochs=1, shuffle=False, verbose=0)
    seconds = time.perf_counter() - start
    return seconds, sum(int(np.prod(w.shape)) for w in model.trainable_weights)


def main():
    runs, threads = reference_args.parse(__doc__.split("\n")[0])
    # Thread pools can only be sized before TensorFlow starts them, i.e. before the first model.
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(threads)
    version = f"keras {keras.__version__}, tensorflow {tf.__version__}"
    for name, hwc, batch, images in runs:
        seconds, params = train_seconds(name, hwc, batch, images)
        reference_args.report(name, "keras", version, threads, batch, images, params, seconds)


if __name__ == "__main__":
    main()
