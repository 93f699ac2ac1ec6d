/**
 * An interactive convolution explorer that runs entirely in the page (HTML + inline JS,
 * no kernel round trip), so it also works in exported HTML: the padded input grid, the
 * kernel window sliding over it, and the output being filled, with stride and padding
 * sliders and step / play controls. Configurations that do not fit are shown as such.
 */
import { randomBytes } from "crypto";
import { MimeBundle, escapeHtml, jsonForScript } from "./display";
import { NumericInput, describeShape, toDense } from "./dense";
import { convAt, convGeometry, fitMessage, formatValue } from "./convGeometry";

/** Options of `show.convExplorer`. */
export interface ConvExplorerArgs {
  /** Input X, 2D, at most 16×16. */
  input: NumericInput;
  /** Kernel K, 2D, at most 7×7. */
  kernel: NumericInput;
  /** Initial stride (the slider can change it). Default 1. */
  stride?: number;
  /** Initial zero padding on each side (the slider can change it). Default 0. */
  pad?: number;
}

export const MAX_INPUT_SIDE = 16;
export const MAX_KERNEL_SIDE = 7;

function matrix(x: NumericInput, argName: string, maxSide: number): number[][] {
  const d = toDense(x, argName);
  if (d.shape.length !== 2 || d.shape[0] < 1 || d.shape[1] < 1 || d.shape[0] > maxSide || d.shape[1] > maxSide) {
    throw new Error(`${argName}: expected a 2D matrix of at most ${maxSide}×${maxSide}, received shape ${describeShape(d.shape)}`);
  }
  const [rows, cols] = d.shape;
  return Array.from({ length: rows }, (_, i) => Array.from(d.data.subarray(i * cols, (i + 1) * cols)));
}

/** The output Y for the given configuration (reference for the text fallback and tests). */
export function convOutput(X: number[][], K: number[][], stride: number, pad: number): number[][] {
  const g = convGeometry(X.length, X[0].length, K.length, K[0].length, stride, pad);
  const Y: number[][] = [];
  for (let i = 0; i < g.outH; i++) {
    Y.push([]);
    for (let j = 0; j < g.outW; j++) Y[i].push(convAt(X, K, i, j, stride, pad));
  }
  return Y;
}

/** The page-side program: draws grids, handles sliders and the step / play controls. */
const PAGE_SCRIPT = `
var fmt = formatValue;
// Negative factors in parentheses: 2·(−1), not 2·-1.
function factor(v) { return v < 0 ? '(' + fmt(v) + ')' : fmt(v); }
function start(root, X, K, stride0, pad0) {
  var q = function (sel) { return root.querySelector(sel); };
  var H = X.length, W = X[0].length, kh = K.length, kw = K[0].length;
  var state = { stride: stride0, pad: pad0, step: 0, timer: null };
  function cell(text, style, title) {
    return '<td style="' + style + '"' + (title ? ' title="' + title + '"' : '') + '>' + text + '</td>';
  }
  function render() {
    var s = state.stride, p = state.pad, g = convGeometry(H, W, kh, kw, s, p);
    var total = g.outH * g.outW;
    if (state.step > total) state.step = total;
    var cur = state.step > 0 ? state.step - 1 : -1, ci = cur >= 0 ? Math.floor(cur / g.outW) : -1, cj = cur >= 0 ? cur % g.outW : -1;
    q('.cx-stride-value').textContent = s; q('.cx-pad-value').textContent = p;
    q('.cx-shape').textContent = 'X ' + H + '×' + W + ', K ' + kh + '×' + kw + ', stride ' + s + ', padding ' + p +
      ' → Y ' + g.outH + '×' + g.outW + '   (⌊(' + H + ' + 2·' + p + ' − ' + kh + ') / ' + s + '⌋ + 1 = ' + g.outH + ')';
    var fit = q('.cx-fit');
    fit.textContent = fitMessage(H, W, kh, kw, s, p);
    fit.style.display = fit.textContent ? 'block' : 'none';
    var rows = '';
    for (var r = 0; r < H + 2 * p; r++) {
      rows += '<tr>';
      for (var c = 0; c < W + 2 * p; c++) {
        var inPad = r < p || c < p || r >= H + p || c >= W + p;
        var inWin = ci >= 0 && r >= ci * s && r < ci * s + kh && c >= cj * s && c < cj * s + kw;
        var uncovered = (r >= H + 2 * p - g.uncoveredRows) || (c >= W + 2 * p - g.uncoveredCols);
        var bg = inWin ? '#ffe08a' : uncovered && (!g.fitsH || !g.fitsW) ? '#f8c4c4' : inPad ? '#eeeeee' : '#ffffff';
        var border = inWin ? '2px solid #d08c00' : inPad ? '1px dashed #aaa' : '1px solid #bbb';
        var v = inPad ? 0 : X[r - p][c - p];
        rows += cell(fmt(v), 'background:' + bg + ';border:' + border + (inPad ? ';color:#999' : ''), inPad ? 'padding' : 'X[' + (r - p) + ',' + (c - p) + ']');
      }
      rows += '</tr>';
    }
    q('.cx-input').innerHTML = rows;
    var krows = '';
    for (var a = 0; a < kh; a++) { krows += '<tr>'; for (var b = 0; b < kw; b++) krows += cell(fmt(K[a][b]), 'background:#ffe08a;border:1px solid #d08c00'); krows += '</tr>'; }
    q('.cx-kernel').innerHTML = krows;
    var yrows = '';
    for (var i = 0; i < g.outH; i++) {
      yrows += '<tr>';
      for (var j = 0; j < g.outW; j++) {
        var k = i * g.outW + j, done = k < state.step;
        yrows += cell(done ? fmt(convAt(X, K, i, j, s, p)) : '', 'background:' + (k === cur ? '#ffe08a' : done ? '#dbeafe' : '#fff') + ';border:1px solid #bbb', 'Y[' + i + ',' + j + ']');
      }
      yrows += '</tr>';
    }
    q('.cx-output').innerHTML = yrows;
    var calc = '';
    if (cur >= 0) {
      var terms = [];
      for (var a2 = 0; a2 < kh; a2++) for (var b2 = 0; b2 < kw; b2++) {
        var rr = ci * s + a2 - p, cc = cj * s + b2 - p;
        var xv = rr >= 0 && rr < H && cc >= 0 && cc < W ? X[rr][cc] : 0;
        terms.push(factor(xv) + '·' + factor(K[a2][b2]));
      }
      calc = 'Y[' + ci + ',' + cj + '] = ' + terms.join(' + ') + ' = ' + fmt(convAt(X, K, ci, cj, s, p));
    } else calc = total ? 'press step ▶ or play to slide the kernel' : '';
    q('.cx-calc').textContent = calc;
    q('.cx-progress').textContent = state.step + ' / ' + total;
  }
  function total() { var g = convGeometry(H, W, kh, kw, state.stride, state.pad); return g.outH * g.outW; }
  function stop() { if (state.timer) { clearInterval(state.timer); state.timer = null; q('.cx-play').textContent = 'play ▶▶'; } }
  q('.cx-stride').addEventListener('input', function (e) { state.stride = Number(e.target.value); state.step = 0; stop(); render(); });
  q('.cx-pad').addEventListener('input', function (e) { state.pad = Number(e.target.value); state.step = 0; stop(); render(); });
  q('.cx-next').addEventListener('click', function () { stop(); if (state.step < total()) state.step++; render(); });
  q('.cx-prev').addEventListener('click', function () { stop(); if (state.step > 0) state.step--; render(); });
  q('.cx-reset').addEventListener('click', function () { stop(); state.step = 0; render(); });
  q('.cx-play').addEventListener('click', function () {
    if (state.timer) { stop(); return; }
    if (state.step >= total()) state.step = 0;
    q('.cx-play').textContent = 'pause ❚❚';
    state.timer = setInterval(function () { if (state.step >= total()) { stop(); return; } state.step++; render(); }, 600);
  });
  render();
}
`;

/** The explorer bundle; text/plain carries the output matrix and the fit verdict. */
export function convExplorerBundle(args: ConvExplorerArgs): MimeBundle {
  if (args === null || typeof args !== "object") throw new Error(`args: expected { input, kernel, stride?, pad? }, received ${String(args)}`);
  const X = matrix(args.input, "input", MAX_INPUT_SIDE);
  const K = matrix(args.kernel, "kernel", MAX_KERNEL_SIDE);
  const stride = args.stride ?? 1;
  const pad = args.pad ?? 0;
  if (!Number.isInteger(stride) || stride < 1 || stride > 8) throw new Error(`stride: expected an integer 1..8, received ${stride}`);
  if (!Number.isInteger(pad) || pad < 0 || pad > 8) throw new Error(`pad: expected an integer 0..8, received ${pad}`);
  const [H, W, kh, kw] = [X.length, X[0].length, K.length, K[0].length];
  const g = convGeometry(H, W, kh, kw, stride, pad);
  const fit = fitMessage(H, W, kh, kw, stride, pad);
  const Y = convOutput(X, K, stride, pad);
  const text = [
    `convolution explorer: X ${H}×${W}, K ${kh}×${kw}, stride ${stride}, padding ${pad} → Y ${g.outH}×${g.outW}`,
    ...(fit ? [fit] : []),
    ...Y.map((row) => "  " + row.map(formatValue).join(" ")),
  ].join("\n");
  const strideMax = Math.max(stride, 4);
  const padMax = Math.max(pad, Math.max(kh, kw) - 1, 2);
  const id = `cnnlab-conv-${randomBytes(6).toString("hex")}`;
  const cellCss = "td{width:26px;height:26px;text-align:center;font:11px monospace;padding:0}";
  const html = `<div id="${id}" class="cnnlab-conv" style="font:13px sans-serif">
<style>#${id} table{border-collapse:collapse} #${id} ${cellCss} #${id} button{margin-right:4px}</style>
<div style="margin-bottom:6px">
  <label>stride <input class="cx-stride" type="range" min="1" max="${strideMax}" value="${stride}"> <b class="cx-stride-value">${stride}</b></label>
  &nbsp;<label>padding <input class="cx-pad" type="range" min="0" max="${padMax}" value="${pad}"> <b class="cx-pad-value">${pad}</b></label>
  &nbsp;<button class="cx-prev">◀ step</button><button class="cx-next">step ▶</button><button class="cx-play">play ▶▶</button><button class="cx-reset">reset</button>
  <span class="cx-progress" style="color:#666"></span>
</div>
<div class="cx-shape" style="margin-bottom:4px">${escapeHtml(text.split("\n")[0])}</div>
<div class="cx-fit" style="color:#b00020;margin-bottom:4px;${fit ? "" : "display:none"}">${escapeHtml(fit)}</div>
<div style="display:flex;gap:24px;align-items:flex-start;flex-wrap:wrap">
  <div><div>input X (grey: zero padding)</div><table class="cx-input"></table></div>
  <div><div>kernel K</div><table class="cx-kernel"></table></div>
  <div><div>output Y</div><table class="cx-output"></table></div>
</div>
<div class="cx-calc" style="font:12px monospace;margin-top:6px;white-space:pre-wrap"></div>
</div>
<script type="text/javascript">(function () {
${convGeometry.toString()}
${convAt.toString()}
${fitMessage.toString()}
${formatValue.toString()}
${PAGE_SCRIPT}
var root = document.getElementById(${JSON.stringify(id)}) || (document.currentScript && document.currentScript.parentNode.querySelector("#${id}"));
if (root) start(root, ${jsonForScript(X)}, ${jsonForScript(K)}, ${stride}, ${pad});
})();</script>`;
  return { "text/plain": text, "text/html": html };
}
