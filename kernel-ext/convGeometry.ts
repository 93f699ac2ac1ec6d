/**
 * Convolution arithmetic shared by the TypeScript side and the browser: these functions
 * are self-contained (no imports, no closures) because convExplorer embeds their source
 * in its <script>, so the page and the tests run the very same code. Their words come in a
 * `ConvWords` (the explorer.* messages of one language, see explorerWords in convExplorer.ts).
 */

/** The explorer's messages in one language (plural ones as Intl.PluralRules forms) and that language. */
export interface ConvWords {
  lang: string;
  messages: Record<string, string | Partial<Record<string, string>>>;
}

/**
 * Message `key` of `words`, `{name}` filled from params, plural forms chosen by params.count. It repeats
 * the two rules of lib/i18n/t because it must run in the page too, where the library is not.
 */
export function say(words: ConvWords, key: string, params: Record<string, string | number>): string {
  const m = words.messages[key];
  if (m === undefined) throw new Error("convolution explorer: no message " + key);
  const text = typeof m === "string" ? m : m[new Intl.PluralRules(words.lang).select(Number(params.count))] || m.other || "";
  return text.replace(/\{(\w+)\}/g, function (whole: string, name: string) {
    return name in params ? String(params[name]) : whole;
  });
}

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

/** Why a configuration does not fit, in `words` (empty when it fits). */
export function fitMessage(H: number, W: number, kh: number, kw: number, stride: number, pad: number, words: ConvWords): string {
  const g = convGeometry(H, W, kh, kw, stride, pad);
  if (g.outH === 0 || g.outW === 0) {
    return say(words, "explorer.tooLarge", { kh: kh, kw: kw, ph: H + 2 * pad, pw: W + 2 * pad });
  }
  const axes: string[] = [];
  if (!g.fitsH) {
    const ratio = ((H + 2 * pad - kh) / stride).toFixed(2);
    axes.push(say(words, "explorer.rows", { H: H, pad: pad, kh: kh, stride: stride, ratio: ratio, count: g.uncoveredRows }));
  }
  if (!g.fitsW) {
    const ratio = ((W + 2 * pad - kw) / stride).toFixed(2);
    axes.push(say(words, "explorer.columns", { W: W, pad: pad, kw: kw, stride: stride, ratio: ratio, count: g.uncoveredCols }));
  }
  return axes.length ? say(words, "explorer.notFit", { why: axes.join("; ") }) : "";
}

/** Integers exactly, other values to 3 significant digits. */
export function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(3)));
}

/** The explorer's grids and texts for one state, as HTML with inline styles only (sanitisers drop <style> blocks). */
export interface ConvGridsHtml {
  /** <tr> rows of the padded input X, the kernel K and the output Y. */
  input: string;
  kernel: string;
  output: string;
  /** The shape line, e.g. "X 7×7, K 3×3, stride 3, padding 0 → Y 2×2 (…)" in English. */
  shape: string;
  /** Why the configuration does not fit (empty when it fits). */
  fit: string;
  /** The sum of products for the current output cell. */
  calc: string;
  /** "step / total". */
  progress: string;
}

/**
 * Grids after `step` output cells have been computed (the kernel window sits on cell
 * step − 1). Rendered here for the output everyone sees, and again in the page as the
 * sliders and step buttons change the state.
 */
export function convGridsHtml(X: number[][], K: number[][], stride: number, pad: number, step: number, words: ConvWords): ConvGridsHtml {
  const H = X.length;
  const W = X[0].length;
  const kh = K.length;
  const kw = K[0].length;
  const g = convGeometry(H, W, kh, kw, stride, pad);
  const total = g.outH * g.outW;
  const shown = Math.min(step, total);
  const cur = shown > 0 ? shown - 1 : -1;
  const ci = cur >= 0 ? Math.floor(cur / g.outW) : -1;
  const cj = cur >= 0 ? cur % g.outW : -1;
  const factor = (v: number) => (v < 0 ? "(" + formatValue(v) + ")" : formatValue(v)); // 2·(−1), not 2·-1
  const cellStyle = "width:26px;height:26px;min-width:26px;text-align:center;font:11px monospace;padding:0;";
  const cell = (text: string, style: string, title: string) => '<td style="' + cellStyle + style + '" title="' + title + '">' + text + "</td>";
  let input = "";
  for (let r = 0; r < H + 2 * pad; r++) {
    input += "<tr>";
    for (let c = 0; c < W + 2 * pad; c++) {
      const inPad = r < pad || c < pad || r >= H + pad || c >= W + pad;
      const inWin = ci >= 0 && r >= ci * stride && r < ci * stride + kh && c >= cj * stride && c < cj * stride + kw;
      const uncovered = r >= H + 2 * pad - g.uncoveredRows || c >= W + 2 * pad - g.uncoveredCols;
      const bg = inWin ? "#ffe08a" : uncovered && (!g.fitsH || !g.fitsW) ? "#f8c4c4" : inPad ? "#eeeeee" : "#ffffff";
      const border = inWin ? "2px solid #d08c00" : inPad ? "1px dashed #aaa" : "1px solid #bbb";
      const v = inPad ? 0 : X[r - pad][c - pad];
      input += cell(formatValue(v), "background:" + bg + ";border:" + border + (inPad ? ";color:#999" : ""), inPad ? say(words, "explorer.padding", {}) : "X[" + (r - pad) + "," + (c - pad) + "]");
    }
    input += "</tr>";
  }
  let kernel = "";
  for (let a = 0; a < kh; a++) {
    kernel += "<tr>";
    for (let b = 0; b < kw; b++) kernel += cell(formatValue(K[a][b]), "background:#ffe08a;border:1px solid #d08c00", "K[" + a + "," + b + "]");
    kernel += "</tr>";
  }
  let output = "";
  for (let i = 0; i < g.outH; i++) {
    output += "<tr>";
    for (let j = 0; j < g.outW; j++) {
      const k = i * g.outW + j;
      const done = k < shown;
      output += cell(done ? formatValue(convAt(X, K, i, j, stride, pad)) : "", "background:" + (k === cur ? "#ffe08a" : done ? "#dbeafe" : "#fff") + ";border:1px solid #bbb", "Y[" + i + "," + j + "]");
    }
    output += "</tr>";
  }
  let calc = total ? say(words, "explorer.press", {}) : "";
  if (cur >= 0) {
    const terms: string[] = [];
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++) {
        const rr = ci * stride + a - pad;
        const cc = cj * stride + b - pad;
        terms.push(factor(rr >= 0 && rr < H && cc >= 0 && cc < W ? X[rr][cc] : 0) + "·" + factor(K[a][b]));
      }
    }
    calc = "Y[" + ci + "," + cj + "] = " + terms.join(" + ") + " = " + formatValue(convAt(X, K, ci, cj, stride, pad));
  }
  const shape =
    say(words, "explorer.shape", { H: H, W: W, kh: kh, kw: kw, stride: stride, pad: pad, outH: g.outH, outW: g.outW }) +
    "   (⌊(" + H + " + 2·" + pad + " − " + kh + ") / " + stride + "⌋ + 1 = " + g.outH + ")";
  return { input, kernel, output, shape, fit: fitMessage(H, W, kh, kw, stride, pad, words), calc, progress: shown + " / " + total };
}
