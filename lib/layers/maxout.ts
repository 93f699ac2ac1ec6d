/**
 * Maxout (Goodfellow et al. 2013) over feature maps: the channels are split into
 * groups of `pieces` consecutive channels and each output channel is the maximum
 * of its group, Y[..., c] = max_{p < pieces} X[..., c·pieces + p]. No weights of its
 * own: put it after a conv or dense layer with pieces × units outputs.
 */
import * as tf from "@tensorflow/tfjs";
import { BaseLayerArgs, Shape, singleShape } from "./types";
import { positiveInt } from "./validate";

export interface MaxoutArgs extends BaseLayerArgs {
  /** Linear pieces per output unit (k in the paper). Default 2. */
  pieces?: number;
}

export class Maxout extends tf.layers.Layer {
  static className = "Maxout";
  readonly pieces: number;

  constructor(args: MaxoutArgs = {}) {
    super(args);
    this.pieces = positiveInt(`Maxout${args.name ? ` "${args.name}"` : ""}`, "pieces", args.pieces ?? 2);
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = singleShape(`Maxout "${this.name}"`, inputShape);
    const channels = shape[shape.length - 1];
    if (channels === null || channels % this.pieces !== 0) {
      throw new Error(`Maxout "${this.name}": the last dimension (${channels}) of input shape [${shape}] must be a multiple of pieces = ${this.pieces}`);
    }
    return [...shape.slice(0, -1), channels / this.pieces];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const channels = x.shape[x.rank - 1];
      const grouped = tf.reshape(x, [...x.shape.slice(0, -1), channels / this.pieces, this.pieces]);
      return tf.max(grouped, -1);
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), pieces: this.pieces };
  }
}
tf.serialization.registerClass(Maxout);

export function maxout(args?: MaxoutArgs): Maxout {
  return new Maxout(args);
}
