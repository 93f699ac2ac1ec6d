import { nonNegativeInt, positiveInt, show } from "./validate";

/** How padding is given: 'valid' (none), 'same' (output ⌈W/S⌉, TensorFlow's rule) or explicit zeros per side. */
export type Padding = "valid" | "same" | number;

/** Arguments of {@link outputSize}, one spatial dimension. */
export interface OutputSizeArgs {
  /** Input size W (pixels along one axis). */
  input: number;
  /** Kernel (filter or pooling window) size F. */
  kernel: number;
  /** Stride S. Default 1. */
  stride?: number;
  /** Padding P per side, or 'valid' (P = 0) or 'same'. Default 0. */
  pad?: Padding;
  /** Dilation D: the kernel covers (F − 1)·D + 1 pixels. Default 1. */
  dilation?: number;
  /**
   * 'exact' (default): throw when (W − F + 2P)/S + 1 is not an integer, i.e. the kernel
   * does not fit (the CS231n rule). 'floor': drop the last columns, as tfjs and most libraries do.
   */
  mode?: "exact" | "floor";
}

/** (F − 1)·D + 1: the pixels a dilated kernel spans. */
export function effectiveKernel(kernel: number, dilation = 1): number {
  return (kernel - 1) * dilation + 1;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/** The checked input W, kernel F, stride S (default 1) and dilation D (default 1) of one axis, as outputSize and samePadding take them. */
function axis(fn: string, args: { input: number; kernel: number; stride?: number; dilation?: number }): { W: number; F: number; S: number; D: number } {
  return {
    W: positiveInt(fn, "input", args.input),
    F: positiveInt(fn, "kernel", args.kernel),
    S: positiveInt(fn, "stride", args.stride ?? 1),
    D: positiveInt(fn, "dilation", args.dilation ?? 1),
  };
}

/** Output size (W − F + 2P)/S + 1 of a convolution or pooling layer along one axis. */
export function outputSize(args: OutputSizeArgs): number {
  const fn = "outputSize";
  const { W, F, S, D } = axis(fn, args);
  const mode = args.mode ?? "exact";
  if (mode !== "exact" && mode !== "floor") {
    throw new Error(`${fn}: mode must be 'exact' or 'floor', got ${show(mode)}`);
  }
  const pad = args.pad ?? 0;
  if (pad === "same") return Math.ceil(W / S);
  const P = pad === "valid" ? 0 : nonNegativeInt(fn, "pad", pad);
  const Fe = effectiveKernel(F, D);
  const kernelText = D === 1 ? `${F}` : `${F} (dilation ${D}: spans ${Fe})`;
  if (Fe > W + 2 * P) {
    throw new Error(
      `${fn}: kernel ${kernelText} is larger than the padded input W + 2P = ${W} + 2·${P} = ${W + 2 * P}`,
    );
  }
  const exact = (W - Fe + 2 * P) / S + 1;
  if (!Number.isInteger(exact) && mode === "exact") {
    throw new Error(
      `${fn}: (W − F + 2P)/S + 1 = (${W} − ${Fe} + 2·${P})/${S} + 1 = ${fmt(exact)} is not an integer: ` +
        `a kernel ${kernelText} at stride ${S} does not fit an input of ${W} with padding ${P}; ` +
        `pass { mode: "floor" } to drop the leftover pixels (as tfjs does)`,
    );
  }
  return Math.floor(exact);
}

/** Arguments of {@link samePadding}. */
export interface SamePaddingArgs {
  /** Input size W. */
  input: number;
  /** Kernel size F. */
  kernel: number;
  /** Stride S. Default 1. */
  stride?: number;
  /** Dilation D. Default 1. */
  dilation?: number;
}

/** 'same' padding along one axis: output and the zeros it needs before and after. */
export interface SamePadding {
  output: number;
  total: number;
  before: number;
  after: number;
}

/**
 * TensorFlow's 'same' rule: output ⌈W/S⌉, total padding max((out − 1)·S + F_eff − W, 0),
 * split with the odd pixel at the end (bottom/right), so before = ⌊total/2⌋.
 */
export function samePadding(args: SamePaddingArgs): SamePadding {
  const fn = "samePadding";
  const { W, F, S, D } = axis(fn, args);
  const output = Math.ceil(W / S);
  const total = Math.max((output - 1) * S + effectiveKernel(F, D) - W, 0);
  const before = Math.floor(total / 2);
  return { output, total, before, after: total - before };
}
