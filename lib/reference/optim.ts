/**
 * Stochastic gradient descent with momentum and weight decay, exactly as in seed 001 (AlexNet's rule):
 *
 *   v ← α·v − β·ε·w − ε·∇L,   w ← w + v
 *
 * α the momentum (0.9 there), β the weight decay (0.0005), ε the learning rate.
 * With α = β = 0 it is plain SGD: w ← w − ε·∇L.
 */
import { NdArray, zeros, dtypeOf } from "./ndarray";

/** Arguments of the SGD constructor. */
export interface SGDArgs {
  /** ε, the learning rate. Required, positive. */
  learningRate: number;
  /** α, the momentum in [0, 1). Default 0 (plain SGD). */
  momentum?: number;
  /** β, the weight decay. Default 0. */
  weightDecay?: number;
}

export class SGD {
  readonly learningRate: number;
  readonly momentum: number;
  readonly weightDecay: number;
  /** One velocity per parameter, created on the first step. */
  velocities: NdArray[] = [];

  constructor(args: SGDArgs) {
    const { learningRate, momentum = 0, weightDecay = 0 } = args ?? ({} as SGDArgs);
    if (typeof learningRate !== "number" || !(learningRate > 0)) throw new Error(`SGD: learningRate must be a positive number, got ${JSON.stringify(learningRate)}`);
    if (typeof momentum !== "number" || !(momentum >= 0 && momentum < 1)) throw new Error(`SGD: momentum must be in [0, 1), got ${JSON.stringify(momentum)}`);
    if (typeof weightDecay !== "number" || !(weightDecay >= 0)) throw new Error(`SGD: weightDecay must be a non-negative number, got ${JSON.stringify(weightDecay)}`);
    this.learningRate = learningRate;
    this.momentum = momentum;
    this.weightDecay = weightDecay;
  }

  /** Updates params in place (params[i] pairs with grads[i]). */
  step(params: NdArray[], grads: NdArray[]): void {
    if (params.length !== grads.length) throw new Error(`SGD.step: got ${params.length} params but ${grads.length} grads`);
    if (this.velocities.length === 0) this.velocities = params.map((w) => zeros(w.shape, dtypeOf(w)));
    if (this.velocities.length !== params.length) {
      throw new Error(`SGD.step: this optimiser was first stepped with ${this.velocities.length} params, now got ${params.length}`);
    }
    const { learningRate: eps, momentum: alpha, weightDecay: beta } = this;
    params.forEach((w, i) => {
      const g = grads[i];
      const v = this.velocities[i];
      if (g.data.length !== w.data.length || v.data.length !== w.data.length) {
        throw new Error(`SGD.step: grads[${i}] has shape ${JSON.stringify(g.shape)} but params[${i}] has ${JSON.stringify(w.shape)}`);
      }
      for (let k = 0; k < w.data.length; k++) {
        v.data[k] = alpha * v.data[k] - beta * eps * w.data[k] - eps * g.data[k];
        w.data[k] += v.data[k];
      }
    });
  }
}
