/** Matrices as LaTeX (`$$\begin{bmatrix}…$$`) with exact fractions where the numbers are fractions. */
import type { KatexOptions } from "katex/types/katex";
import { MimeBundle, escapeHtml } from "./display";
import { NumericInput, describeShape, toDense } from "./dense";

// katex declares its types only under package.json "exports", which this project's
// moduleResolution ("node") does not read; take the declarations by path instead.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const katex: { renderToString(tex: string, options?: KatexOptions): string } = require("katex");

/** Options of `show.matrix`. */
export interface MatrixArgs {
  /** LaTeX placed before the matrix, e.g. "K =". Default: none. */
  label?: string;
  /** Significant digits for values that are not simple fractions. Default 3. */
  digits?: number;
  /** Rows and columns shown before eliding the middle with ⋯ / ⋮. Default 12. */
  maxSize?: number;
}

/** Largest denominator recognised as a fraction (covers 1/9 box blurs, 1/16 and 1/256 Gaussians). */
const MAX_DENOMINATOR = 256;
/** Tolerance for "is an integer" (per 1000 in magnitude): float32 stores 1/9 with ~1e-8 error, while π·113 = 355.00003 must not pass. */
const TOLERANCE = 1e-5;

const nearInteger = (v: number): boolean => Math.abs(v - Math.round(v)) <= TOLERANCE * Math.max(1, Math.abs(v) / 1000);

/** The smallest d ≤ 256 such that every value × d is an integer (1 for integer matrices), or null. */
export function commonDenominator(values: ArrayLike<number>): number | null {
  for (let d = 1; d <= MAX_DENOMINATOR; d++) {
    let ok = true;
    for (let k = 0; k < values.length && ok; k++) ok = Number.isFinite(values[k]) && nearInteger(values[k] * d);
    if (ok) return d;
  }
  return null;
}

/** A number as LaTeX: integers exactly, otherwise `digits` significant digits without trailing zeros. */
export function formatNumber(v: number, digits = 3): string {
  if (Number.isNaN(v)) return "\\text{NaN}";
  if (!Number.isFinite(v)) return v > 0 ? "\\infty" : "-\\infty";
  // Tiny weights are not zero: only values of at least 1e-3 may round to an integer.
  if (Number.isInteger(v) || (Math.abs(v) >= 1e-3 && nearInteger(v))) return String(Math.round(v));
  const s = Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? String(Number(v.toPrecision(digits))) : v.toExponential(digits - 1);
  const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(s);
  return m ? `${Number(m[1])} \\times 10^{${Number(m[2])}}` : s;
}

/** Indices shown along one axis of length n: all, or the first and last few around an ellipsis (-1). */
function shownIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, k) => k);
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  return [...Array.from({ length: head }, (_, k) => k), -1, ...Array.from({ length: tail }, (_, k) => n - tail + k)];
}

/** LaTeX for a matrix (2D), a row vector (1D) or a scalar. */
export function matrixLatex(k: NumericInput, args: MatrixArgs = {}): { latex: string; text: string; shape: number[] } {
  const digits = args.digits ?? 3;
  const maxSize = args.maxSize ?? 12;
  if (!Number.isInteger(digits) || digits < 1 || digits > 10) throw new Error(`digits: expected an integer 1..10, received ${digits}`);
  if (!Number.isInteger(maxSize) || maxSize < 3) throw new Error(`maxSize: expected an integer ≥ 3, received ${maxSize}`);
  const dense = toDense(k, "k");
  if (dense.shape.length > 2) {
    throw new Error(`k: expected a matrix (2D), vector (1D) or scalar, received shape ${describeShape(dense.shape)}; slice it first, e.g. kernel.slice([0,0,0,0],[-1,-1,1,1]).reshape([kh,kw])`);
  }
  const [rows, cols] = dense.shape.length === 2 ? dense.shape : [1, dense.shape[0] ?? 1];
  const d = commonDenominator(dense.data);
  // Factor out 1/d when every entry is a multiple of it and the numerators stay short.
  const factor = d !== null && d > 1 && dense.data.every((v) => Math.abs(v * d) < 1000) ? d : 1;
  const cell = (v: number): string => formatNumber(v * factor, digits);
  const is = shownIndices(rows, maxSize);
  const js = shownIndices(cols, maxSize);
  const latexRows = is.map((i) =>
    js.map((j) => (i < 0 && j < 0 ? "\\ddots" : i < 0 ? "\\vdots" : j < 0 ? "\\cdots" : cell(dense.data[i * cols + j]))).join(" & "),
  );
  const prefix = (args.label ? `${args.label} ` : "") + (factor > 1 ? `\\frac{1}{${factor}}` : "");
  const latex = `${prefix}\\begin{bmatrix} ${latexRows.join(" \\\\ ")} \\end{bmatrix}`;
  const textCells = is.map((i) => js.map((j) => (i < 0 ? "⋮" : j < 0 ? "…" : cell(dense.data[i * cols + j]).replace(/\\text\{NaN\}/, "NaN").replace(/\\infty/, "∞"))));
  const width = Math.max(...textCells.flat().map((s) => s.length));
  const text =
    (factor > 1 ? `1/${factor} × ` : "") +
    textCells.map((r, n) => (n === 0 ? "[" : " ") + "[" + r.map((s) => s.padStart(width)).join(" ") + "]").join("\n") +
    "]";
  return { latex, text, shape: dense.shape };
}

/**
 * Bundle: text/latex for Jupyter and LaTeX/PDF export, plus KaTeX-rendered MathML as
 * text/html so the matrix also renders in HTML exports opened offline (no MathJax CDN).
 */
export function matrixBundle(k: NumericInput, args: MatrixArgs = {}): MimeBundle {
  const { latex, text } = matrixLatex(k, args);
  const mathml = katex.renderToString(latex, { displayMode: true, output: "mathml", throwOnError: false });
  return {
    "text/plain": text,
    "text/latex": `$$${latex}$$`,
    "text/html": `<div class="cnnlab-matrix" title="${escapeHtml(latex)}">${mathml}</div>`,
  };
}
