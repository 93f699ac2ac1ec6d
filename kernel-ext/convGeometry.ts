/**
 * Convolution arithmetic shared by the TypeScript side and the browser: these functions
 * are self-contained (no imports, no closures) because convExplorer embeds their source
 * in its <script>, so the page and the tests run the very same code.
 */

/** Output size and fit of a convolution along both axes. */
export interface ConvGeometry {
  outH: number;
  outW: number;
  /** (H + 2p − k) / s is an integer: the last window ends exactly at the padded edge. */
  fitsH: boolean;
  fitsW: boolean;
  /** Rows / columns of the padded input that no window covers. */
  uncoveredRows: number;
  uncoveredCols: number;
}

/** outH = ⌊(H + 2p − kh) / s⌋ + 1 (0 when the kernel is larger than the padded input). */
export function convGeometry(H: number, W: number, kh: number, kw: number, stride: number, pad: number): ConvGeometry {
  const spanH = H + 2 * pad - kh;
  const spanW = W + 2 * pad - kw;
  const outH = spanH < 0 ? 0 : Math.floor(spanH / stride) + 1;
  const outW = spanW < 0 ? 0 : Math.floor(spanW / stride) + 1;
  return {
    outH: outH,
    outW: outW,
    fitsH: spanH >= 0 && spanH % stride === 0,
    fitsW: spanW >= 0 && spanW % stride === 0,
    uncoveredRows: spanH < 0 ? H + 2 * pad : spanH - (outH - 1) * stride,
    uncoveredCols: spanW < 0 ? W + 2 * pad : spanW - (outW - 1) * stride,
  };
}

/**
 * Y[i, j] = Σ_a Σ_b Xpad[i·s + a, j·s + b] · K[a, b]  (cross-correlation, as in CNNs),
 * where Xpad is X with p rows/columns of zeros on each side.
 */
export function convAt(X: number[][], K: number[][], i: number, j: number, stride: number, pad: number): number {
  let sum = 0;
  for (let a = 0; a < K.length; a++) {
    for (let b = 0; b < K[0].length; b++) {
      const r = i * stride + a - pad;
      const c = j * stride + b - pad;
      const x = r >= 0 && r < X.length && c >= 0 && c < X[0].length ? X[r][c] : 0;
      sum += x * K[a][b];
    }
  }
  return sum;
}

/** Why a configuration does not fit, in words (empty when it fits). */
export function fitMessage(H: number, W: number, kh: number, kw: number, stride: number, pad: number): string {
  const g = convGeometry(H, W, kh, kw, stride, pad);
  if (g.outH === 0 || g.outW === 0) {
    return `the ${kh}×${kw} kernel is larger than the ${H + 2 * pad}×${W + 2 * pad} padded input: no output`;
  }
  const axes: string[] = [];
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (!g.fitsH) {
    const ratio = ((H + 2 * pad - kh) / stride).toFixed(2);
    axes.push(`rows: (${H} + 2·${pad} − ${kh}) / ${stride} = ${ratio} is not an integer, the last ${plural(g.uncoveredRows, "row")} never covered`);
  }
  if (!g.fitsW) {
    const ratio = ((W + 2 * pad - kw) / stride).toFixed(2);
    axes.push(`columns: (${W} + 2·${pad} − ${kw}) / ${stride} = ${ratio} is not an integer, the last ${plural(g.uncoveredCols, "column")} never covered`);
  }
  return axes.length ? `does not fit — ${axes.join("; ")}` : "";
}

/** Integers exactly, other values to 3 significant digits. */
export function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(3)));
}
