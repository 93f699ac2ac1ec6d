/**
 * Local response normalisation (Krizhevsky et al. 2012, section 3.3):
 *   b[x,y,i] = a[x,y,i] / (k + α Σ_{j=i-n/2}^{i+n/2} a[x,y,j]²)^β
 * summed over the n neighbouring channels. AlexNet used k = 2, n = 5, α = 1e-4, β = 0.75.
 *
 * Note on α: the paper divides by k + α·Σ, and so does tf.localResponseNormalization
 * (its `alpha` multiplies the plain sum), so α passes through unchanged. (Caffe and
 * PyTorch divide α by n instead.)
 */
import * as tf from "@tensorflow/tfjs";
import { BaseLayerArgs, Shape } from "./types";
import { finiteNumber, positiveInt, positiveNumber } from "./validate";

export interface LocalResponseNormalizationArgs extends BaseLayerArgs {
  /** Half-width of the channel window: n = 2·depthRadius + 1. Default 2 (n = 5, AlexNet). */
  depthRadius?: number;
  /** The additive constant k. Default 2 (AlexNet). */
  bias?: number;
  /** The scale α of the sum of squares. Default 1e-4 (AlexNet). */
  alpha?: number;
  /** The exponent β. Default 0.75 (AlexNet). */
  beta?: number;
}

export class LocalResponseNormalization extends tf.layers.Layer {
  static className = "LocalResponseNormalization";
  readonly depthRadius: number;
  readonly bias: number;
  readonly alpha: number;
  readonly beta: number;

  constructor(args: LocalResponseNormalizationArgs = {}) {
    super(args);
    const owner = `LocalResponseNormalization${args.name ? ` "${args.name}"` : ""}`;
    this.depthRadius = positiveInt(owner, "depthRadius", args.depthRadius ?? 2);
    this.bias = positiveNumber(owner, "bias", args.bias ?? 2);
    this.alpha = finiteNumber(owner, "alpha", args.alpha ?? 1e-4);
    this.beta = finiteNumber(owner, "beta", args.beta ?? 0.75);
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (x.rank !== 4) {
        throw new Error(`LocalResponseNormalization "${this.name}": input must be rank 4 [batch, h, w, c], got shape [${x.shape}]`);
      }
      return tf.localResponseNormalization(x as tf.Tensor4D, this.depthRadius, this.bias, this.alpha, this.beta);
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), depthRadius: this.depthRadius, bias: this.bias, alpha: this.alpha, beta: this.beta };
  }
}
tf.serialization.registerClass(LocalResponseNormalization);

export function localResponseNormalization(args?: LocalResponseNormalizationArgs): LocalResponseNormalization {
  return new LocalResponseNormalization(args);
}
