import { effectiveKernel } from "./size";
import { positiveInt, show } from "./validate";

/** One layer of a stack, as far as its receptive field is concerned. */
export interface RFLayer {
  /** Kernel (or pooling window) size. */
  kernel: number;
  /** Stride. Default 1. */
  stride?: number;
  /** Dilation. Default 1. */
  dilation?: number;
}

/** Receptive field after a layer: its size in input pixels and the jump (input pixels between neighbouring outputs). */
export interface RFStep {
  size: number;
  jump: number;
}

/**
 * Receptive field of a stack: r ← r + (F_eff − 1)·j, j ← j·S, starting at r = 1, j = 1.
 * N 3x3 stride-1 layers give 2N + 1.
 */
export function receptiveField(layers: RFLayer[]): RFStep & { layers: RFStep[] } {
  if (!Array.isArray(layers)) {
    throw new Error(`receptiveField: layers must be an array of { kernel, stride?, dilation? }, got ${show(layers)}`);
  }
  let size = 1;
  let jump = 1;
  const steps: RFStep[] = [];
  layers.forEach((layer, k) => {
    const fn = "receptiveField";
    const F = positiveInt(fn, `layers[${k}].kernel`, layer?.kernel);
    const S = positiveInt(fn, `layers[${k}].stride`, layer.stride ?? 1);
    const D = positiveInt(fn, `layers[${k}].dilation`, layer.dilation ?? 1);
    size += (effectiveKernel(F, D) - 1) * jump;
    jump *= S;
    steps.push({ size, jump });
  });
  return { size, jump, layers: steps };
}
