import { outputSize, Padding, samePadding } from "../arith/size";
import { pair } from "../arith/validate";

/** Options shared by the windowed ops (conv, pooling). */
export interface WindowArgs {
  /** Stride, a number or [sh, sw]. Default 1 (conv) or the window size (pooling). */
  stride?: number | [number, number];
  /** 'valid' (default), 'same' (TensorFlow's rule: extra pad at bottom/right) or zeros per side. */
  pad?: Padding;
  /** Dilation, a number or [dh, dw]. Default 1. */
  dilation?: number | [number, number];
}

/** Where the window of output (i, j) starts: row i·sh − top, column j·sw − left. */
export interface Geometry {
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  outH: number;
  outW: number;
  top: number;
  left: number;
}

function padBefore(fn: string, input: number, kernel: number, stride: number, dilation: number, pad: Padding): number {
  if (pad === "same") return samePadding({ input, kernel, stride, dilation }).before;
  if (pad === "valid") return 0;
  if (typeof pad !== "number" || !Number.isInteger(pad) || pad < 0) {
    throw new Error(`${fn}: pad must be 'valid', 'same' or a non-negative integer, got ${JSON.stringify(pad)}`);
  }
  return pad;
}

/** Output size and padding of a window op over an H×W input; sizes floor like tfjs. */
export function geometry(fn: string, H: number, W: number, kernel: [number, number], args: WindowArgs, defaultStride: [number, number]): Geometry {
  const [kh, kw] = kernel;
  const [sh, sw] = pair(fn, "stride", args.stride ?? defaultStride);
  const [dh, dw] = pair(fn, "dilation", args.dilation ?? 1);
  const pad = args.pad ?? "valid";
  const top = padBefore(fn, H, kh, sh, dh, pad);
  const left = padBefore(fn, W, kw, sw, dw, pad);
  const size = (input: number, k: number, s: number, d: number, axis: string): number => {
    try {
      return outputSize({ input, kernel: k, stride: s, pad, dilation: d, mode: "floor" });
    } catch (e) {
      throw new Error(`${fn}: along ${axis}, ${(e as Error).message.replace(/^outputSize: /, "")}`);
    }
  };
  return {
    kh, kw, sh, sw, dh, dw, top, left,
    outH: size(H, kh, sh, dh, "height"),
    outW: size(W, kw, sw, dw, "width"),
  };
}

