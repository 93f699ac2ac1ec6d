/**
 * A layer that applies one of the named squashing functions of ./activations,
 * for the LeNet-5 scaled tanh that tf.layers.activation does not know.
 */
import * as tf from "@tensorflow/tfjs";
import { checkSquash, squash, SquashName } from "./activations";
import { BaseLayerArgs, Shape } from "./types";

export interface SquashArgs extends BaseLayerArgs {
  /** The function: "linear" | "tanh" | "scaledTanh" | "sigmoid" | "relu". Default "scaledTanh". */
  activation?: SquashName;
}

export class Squash extends tf.layers.Layer {
  static className = "Squash";
  readonly activation: SquashName;

  constructor(args: SquashArgs = {}) {
    super(args);
    this.activation = checkSquash(`Squash${args.name ? ` "${args.name}"` : ""}`, "activation", args.activation ?? "scaledTanh");
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => squash(this.activation, Array.isArray(inputs) ? inputs[0] : inputs));
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), activation: this.activation };
  }
}
tf.serialization.registerClass(Squash);

export function squashLayer(args?: SquashArgs): Squash {
  return new Squash(args);
}
