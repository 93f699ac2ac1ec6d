/**
 * The three optimisers of the course, each written as its update formula so the
 * notebook reader can match code to lecture. A custom step (rather than
 * tf.train.*) lets the trainer change the learning rate every epoch and apply
 * weight decay exactly as the seed deck writes it (lecture 08, eqs. 15–16):
 *
 *   v ← α·v − β·ε·w − ε·∇L        w ← w + v
 *
 * with momentum α = 0.9 and weight decay β = 0.0005 by default. As the lecture's ω,
 * w is every trainable weight (kernels, biases, batch-norm γ and β).
 */
import * as tf from "@tensorflow/tfjs";
import { hasKernel } from "../backend/kernel-run";
import { ADAM_STEP, AdamStepAttrs, MOMENTUM_STEP, MomentumStepAttrs } from "../backend/optimizer-step-kernels";

export type OptimizerName = "sgd" | "momentum" | "adam";
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ["sgd", "momentum", "adam"];

/** Settings shared by the optimisers; each field lists its default. */
export interface OptimizerArgs {
  /** Step size ε. Default: sgd 0.1, momentum 0.01, adam 0.001. */
  learningRate?: number;
  /** Momentum α ("momentum" only). Default 0.9. */
  momentum?: number;
  /** Weight decay β (L2 pull towards 0). Default 0.0005 for "momentum", 0 otherwise. */
  weightDecay?: number;
  /** Adam's decay of the first moment. Default 0.9. */
  beta1?: number;
  /** Adam's decay of the second moment. Default 0.999. */
  beta2?: number;
  /** Adam's ε in the denominator. Default 1e-7 (as tf.train.adam). */
  epsilon?: number;
}

/** An optimiser the trainer drives: one `step` per batch, learning rate settable between steps. */
export interface StepOptimizer {
  readonly name: OptimizerName;
  learningRate: number;
  /** Updates each variable in place from its gradient (same order, same shapes). */
  step(variables: tf.Variable[], grads: tf.Tensor[]): void;
  /** Frees the optimiser's state (velocities, moments). */
  dispose(): void;
}

export const DEFAULT_LEARNING_RATE: Record<OptimizerName, number> = { sgd: 0.1, momentum: 0.01, adam: 0.001 };

function checkNonNegative(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
    throw new Error(`optimizer: ${name} must be a finite number ≥ 0, got ${value}`);
  }
}

function checkFraction(name: string, value: number | undefined): void {
  if (value !== undefined && !(value >= 0 && value < 1)) {
    throw new Error(`optimizer: ${name} must be in [0, 1), got ${value}`);
  }
}

export function createOptimizer(name: OptimizerName, args: OptimizerArgs = {}): StepOptimizer {
  if (!OPTIMIZER_NAMES.includes(name)) {
    throw new Error(`optimizer: expected one of ${OPTIMIZER_NAMES.map((n) => `"${n}"`).join(", ")}, got ${JSON.stringify(name)}`);
  }
  checkNonNegative("learningRate", args.learningRate);
  checkNonNegative("weightDecay", args.weightDecay);
  checkNonNegative("epsilon", args.epsilon);
  checkFraction("momentum", args.momentum);
  checkFraction("beta1", args.beta1);
  checkFraction("beta2", args.beta2);
  const learningRate = args.learningRate ?? DEFAULT_LEARNING_RATE[name];
  if (name === "sgd") return new Sgd(learningRate, args.weightDecay ?? 0);
  if (name === "momentum") return new MomentumSgd(learningRate, args.momentum ?? 0.9, args.weightDecay ?? 0.0005);
  return new Adam(learningRate, args.weightDecay ?? 0, args.beta1 ?? 0.9, args.beta2 ?? 0.999, args.epsilon ?? 1e-7);
}

/** Per-variable state tensors (velocity, moments), created as zeros on first use. */
class SlotStore {
  // Keyed by the variable object: layer names can repeat across models, objects cannot.
  private readonly slots = new Map<tf.Variable, Map<string, tf.Variable>>();
  get(w: tf.Variable, slot: string): tf.Variable {
    let forW = this.slots.get(w);
    if (!forW) this.slots.set(w, (forW = new Map()));
    let v = forW.get(slot);
    if (!v) {
      v = tf.variable(tf.zerosLike(w), false);
      forW.set(slot, v);
    }
    return v;
  }
  dispose(): void {
    for (const forW of this.slots.values()) for (const v of forW.values()) v.dispose();
    this.slots.clear();
  }
}

/** Plain SGD: w ← w − ε·(∇L + β·w). */
class Sgd implements StepOptimizer {
  readonly name = "sgd";
  constructor(public learningRate: number, private readonly weightDecay: number) {}
  step(variables: tf.Variable[], grads: tf.Tensor[]): void {
    const eps = this.learningRate;
    const beta = this.weightDecay;
    tf.tidy(() => {
      variables.forEach((w, i) => {
        const g = beta > 0 ? grads[i].add(w.mul(beta)) : grads[i];
        w.assign(w.sub(g.mul(eps)));
      });
    });
  }
  dispose(): void {}
}

/** SGD with momentum and weight decay, exactly eqs. 15–16 of lecture 08. */
class MomentumSgd implements StepOptimizer {
  readonly name = "momentum";
  private readonly slots = new SlotStore();
  constructor(public learningRate: number, private readonly alpha: number, private readonly beta: number) {}
  step(variables: tf.Variable[], grads: tf.Tensor[]): void {
    const eps = this.learningRate;
    const { alpha, beta } = this;
    // One kernel per variable where cnnlab registers it (wasm): see optimizer-step-kernels.ts.
    const fused = hasKernel(MOMENTUM_STEP);
    const attrs: MomentumStepAttrs = { learningRate: eps, momentum: alpha, weightDecay: beta };
    tf.tidy(() => {
      variables.forEach((w, i) => {
        if (fused && w.dtype === "float32") {
          const v = this.slots.get(w, "velocity");
          const [w2, v2] = tf.engine().runKernel(MOMENTUM_STEP, { w, g: grads[i], v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
          v.assign(v2);
          w.assign(w2);
          return;
        }
        const v = this.slots.get(w, "velocity");
        // v ← α·v − β·ε·w − ε·∇L
        v.assign(v.mul(alpha).sub(w.mul(beta * eps)).sub(grads[i].mul(eps)));
        // w ← w + v
        w.assign(w.add(v));
      });
    });
  }
  dispose(): void {
    this.slots.dispose();
  }
}

/** Adam (Kingma & Ba 2015) with bias-corrected moments; weight decay is added to the gradient (L2). */
class Adam implements StepOptimizer {
  readonly name = "adam";
  private readonly slots = new SlotStore();
  private t = 0;
  constructor(
    public learningRate: number,
    private readonly weightDecay: number,
    private readonly beta1: number,
    private readonly beta2: number,
    private readonly epsilon: number,
  ) {}
  step(variables: tf.Variable[], grads: tf.Tensor[]): void {
    this.t += 1;
    const { beta1, beta2, epsilon, weightDecay, t } = this;
    const eps = this.learningRate;
    // One kernel per variable where cnnlab registers it (wasm): see optimizer-step-kernels.ts.
    const fused = hasKernel(ADAM_STEP);
    const attrs: AdamStepAttrs = { learningRate: eps, beta1, beta2, epsilon, weightDecay, t };
    tf.tidy(() => {
      variables.forEach((w, i) => {
        if (fused && w.dtype === "float32") {
          const m = this.slots.get(w, "m");
          const s = this.slots.get(w, "s");
          const [w2, m2, s2] = tf.engine().runKernel(ADAM_STEP, { w, g: grads[i], m, s }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
          m.assign(m2);
          s.assign(s2);
          w.assign(w2);
          return;
        }
        const g = weightDecay > 0 ? grads[i].add(w.mul(weightDecay)) : grads[i];
        const m = this.slots.get(w, "m");
        const s = this.slots.get(w, "s");
        m.assign(m.mul(beta1).add(g.mul(1 - beta1)));
        s.assign(s.mul(beta2).add(g.square().mul(1 - beta2)));
        const mHat = m.div(1 - Math.pow(beta1, t));
        const sHat = s.div(1 - Math.pow(beta2, t));
        w.assign(w.sub(mHat.div(sHat.sqrt().add(epsilon)).mul(eps)));
      });
    });
  }
  dispose(): void {
    this.slots.dispose();
  }
}
