/**
 * LeNet-5's trainable subsampling (S2, S4; LeCun et al. 1998, section II.B):
 * each output unit averages a pool×pool patch of one map, multiplies it by the
 * map's trainable coefficient, adds the map's trainable bias and squashes:
 *   Y[i, j, c] = f(w[c] · mean(X[pool·i .. pool·i+pool-1, pool·j .. pool·j+pool-1, c]) + b[c])
 * Two parameters per map: 12 for S2's 6 maps, 32 for S4's 16.
 * (The paper adds the four inputs; averaging only rescales w, and keeps w ≈ 1 meaningful.)
 */
import * as tf from "@tensorflow/tfjs";
import { hasKernel } from "../backend/kernel-run";
import { SUBSAMPLING, SubsamplingAttrs } from "../backend/subsampling-kernel";
import { checkSquash, squash, SquashName } from "./activations";
import { BaseLayerArgs, CountsConnections, Shape, singleShape } from "./types";
import { positiveInt } from "./validate";

export interface TrainableSubsamplingArgs extends BaseLayerArgs {
  /** Side of the non-overlapping pooling window (also the stride). Default 2. */
  poolSize?: number;
  /** Squashing function applied after coefficient and bias. Default "scaledTanh" (1.7159 tanh(2a/3)). */
  activation?: SquashName;
}

export class TrainableSubsampling extends tf.layers.Layer implements CountsConnections {
  static className = "TrainableSubsampling";
  readonly poolSize: number;
  readonly activation: SquashName;
  private coefficient: tf.LayerVariable | null = null;
  private biasWeight: tf.LayerVariable | null = null;

  constructor(args: TrainableSubsamplingArgs = {}) {
    super(args);
    const owner = `TrainableSubsampling${args.name ? ` "${args.name}"` : ""}`;
    this.poolSize = positiveInt(owner, "poolSize", args.poolSize ?? 2);
    this.activation = checkSquash(owner, "activation", args.activation ?? "scaledTanh");
  }

  build(inputShape: Shape | Shape[]): void {
    const shape = singleShape(`TrainableSubsampling "${this.name}"`, inputShape);
    const channels = shape[3];
    if (shape.length !== 4 || channels === null) {
      throw new Error(`TrainableSubsampling "${this.name}": input shape must be [batch, h, w, channels] with known channels, got [${shape}]`);
    }
    this.coefficient = this.addWeight("coefficient", [channels], "float32", tf.initializers.ones());
    this.biasWeight = this.addWeight("bias", [channels], "float32", tf.initializers.zeros());
    this.built = true;
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [b, h, w, c] = singleShape(`TrainableSubsampling "${this.name}"`, inputShape);
    const out = (n: number | null) => (n === null ? null : Math.floor(n / this.poolSize));
    return [b, out(h), out(w), c];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      if (x.dtype === "float32" && hasKernel(SUBSAMPLING)) {
        // One kernel for the mean, coefficient and bias, and one for their gradients (wasm): see subsampling-kernel.ts.
        const attrs: SubsamplingAttrs = { poolSize: this.poolSize };
        const inputs = { x, coefficient: this.coefficient!.read(), bias: this.biasWeight!.read() };
        return squash(this.activation, tf.engine().runKernel(SUBSAMPLING, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor);
      }
      const mean = tf.avgPool(x, this.poolSize, this.poolSize, "valid");
      return squash(this.activation, tf.add(tf.mul(mean, this.coefficient!.read()), this.biasWeight!.read()));
    });
  }

  /** Each output unit: pool² inputs plus the bias (S2: 6·14·14·5 = 5,880). */
  countConnections(outputShape: Shape): number {
    return units(outputShape) * (this.poolSize * this.poolSize + 1);
  }

  countMultiplyAdds(outputShape: Shape): number {
    return units(outputShape);
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), poolSize: this.poolSize, activation: this.activation };
  }
}
tf.serialization.registerClass(TrainableSubsampling);

function units(shape: Shape): number {
  return shape.slice(1).reduce<number>((p, d) => p * (d ?? 0), 1);
}

export function trainableSubsampling(args?: TrainableSubsamplingArgs): TrainableSubsampling {
  return new TrainableSubsampling(args);
}
