/**
 * Inverted dropout: at training each unit is kept with probability 1 − rate and scaled by
 * 1/(1 − rate), so the expected activation is unchanged and evaluation is the identity.
 * The mask comes from the seeded generator of lib/random.ts: same seed, same mask.
 */
import { rng } from "../random";
import { dtypeOf, expectSameShape, NdArray, zeros } from "./ndarray";

/** Options of dropoutForward. */
export interface DropoutArgs {
  /** Probability of dropping a unit, in [0, 1). Required. */
  rate: number;
  /** Seed of the mask. Default 0. */
  seed?: number;
  /** false at evaluation: y = x. Default true. */
  training?: boolean;
}

/** Returns y = x · mask and the mask (0 or 1/(1 − rate)) for the backward pass. */
export function dropoutForward(x: NdArray, args: DropoutArgs): { y: NdArray; mask: NdArray } {
  const rate = args?.rate;
  if (typeof rate !== "number" || !(rate >= 0 && rate < 1)) {
    throw new Error(`dropoutForward: rate must be a number in [0, 1), got ${JSON.stringify(rate)}`);
  }
  const mask = zeros(x.shape, dtypeOf(x));
  if (args.training === false) {
    mask.data.fill(1);
  } else {
    const random = rng(args.seed ?? 0);
    for (let k = 0; k < mask.data.length; k++) mask.data[k] = random.next() < rate ? 0 : 1 / (1 - rate);
  }
  const y = zeros(x.shape, dtypeOf(x));
  for (let k = 0; k < y.data.length; k++) y.data[k] = x.data[k] * mask.data[k];
  return { y, mask };
}

/** dx = dy · mask: dropped units pass no gradient. */
export function dropoutBackward(dy: NdArray, mask: NdArray): NdArray {
  expectSameShape("dropoutBackward", "mask", mask, "dy", dy);
  const dx = zeros(dy.shape, dtypeOf(dy));
  for (let k = 0; k < dx.data.length; k++) dx.data[k] = dy.data[k] * mask.data[k];
  return dx;
}
