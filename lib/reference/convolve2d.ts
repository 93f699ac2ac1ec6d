/**
 * Single-channel 2D convolution and correlation on plain [H, W] images, as on the slides.
 *
 *   correlation:  Y[i, j] = Σ_{p, q} I[i + p − top, j + q − left] · K[p, q]
 *   convolution:  Y[i, j] = Σ_{p, q} I[i + p − top, j + q − left] · K[kh − 1 − p, kw − 1 − q]
 *
 * i.e. convolution is correlation with the kernel flipped in both axes (what CNN layers
 * compute is the correlation). Pixels outside the image are zero.
 * Modes: 'valid' (top = left = 0, output H − kh + 1), 'full' (top = kh − 1, output H + kh − 1),
 * 'same' (output H × W, top = ⌊(kh − 1)/2⌋: for even kernels the extra zero is at the bottom/right, as in TensorFlow).
 * Because convolve2d(I, K) = correlate2d(I, flip(K)) holds in every mode, convolve2d 'same' with an EVEN kernel
 * is one pixel off scipy.signal.convolve2d's 'same' (which crops 'full' from the other side); odd kernels agree.
 */
import { expectRank, NdArray, resultDtype, zeros } from "./ndarray";

export type Convolve2dMode = "valid" | "same" | "full";

/** Options of convolve2d/correlate2d. */
export interface Convolve2dArgs {
  /** 'valid' (default), 'same' (zero border, output the size of the image) or 'full'. */
  mode?: Convolve2dMode;
}

function slide(fn: string, image: NdArray, kernel: NdArray, args: Convolve2dArgs, flip: boolean): NdArray {
  expectRank(fn, "image", image, "[H, W]");
  expectRank(fn, "kernel", kernel, "[kh, kw]");
  const [H, W] = image.shape;
  const [kh, kw] = kernel.shape;
  const mode = args.mode ?? "valid";
  let outH: number, outW: number, top: number, left: number;
  if (mode === "valid") {
    if (kh > H || kw > W) {
      throw new Error(`${fn}: kernel ${JSON.stringify(kernel.shape)} is larger than image ${JSON.stringify(image.shape)} in mode 'valid'`);
    }
    [outH, outW, top, left] = [H - kh + 1, W - kw + 1, 0, 0];
  } else if (mode === "same") {
    [outH, outW, top, left] = [H, W, Math.floor((kh - 1) / 2), Math.floor((kw - 1) / 2)];
  } else if (mode === "full") {
    [outH, outW, top, left] = [H + kh - 1, W + kw - 1, kh - 1, kw - 1];
  } else {
    throw new Error(`${fn}: mode must be 'valid', 'same' or 'full', got ${JSON.stringify(mode)}`);
  }
  const I = image.data, K = kernel.data;
  const y = zeros([outH, outW], resultDtype(image, kernel));
  for (let i = 0; i < outH; i++)
    for (let j = 0; j < outW; j++) {
      let sum = 0;
      for (let p = 0; p < kh; p++) {
        const r = i + p - top;
        if (r < 0 || r >= H) continue;
        for (let q = 0; q < kw; q++) {
          const s = j + q - left;
          if (s < 0 || s >= W) continue;
          const k = flip ? K[(kh - 1 - p) * kw + (kw - 1 - q)] : K[p * kw + q];
          sum += I[r * W + s] * k;
        }
      }
      y.data[i * outW + j] = sum;
    }
  return y;
}

/** True convolution (kernel flipped) of a single-channel image. */
export function convolve2d(image: NdArray, kernel: NdArray, args: Convolve2dArgs = {}): NdArray {
  return slide("convolve2d", image, kernel, args, true);
}

/** Cross-correlation (template matching; what conv layers compute) of a single-channel image. */
export function correlate2d(image: NdArray, kernel: NdArray, args: Convolve2dArgs = {}): NdArray {
  return slide("correlate2d", image, kernel, args, false);
}
