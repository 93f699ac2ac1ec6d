/**
 * An interactive convolution explorer that runs entirely in the page (HTML + inline JS,
 * no kernel round trip), so it also works in exported HTML: the padded input grid, the
 * kernel window sliding over it, and the output being filled, with stride and padding
 * sliders and step / play controls. Configurations that do not fit are shown as such.
 * The grids are in the output itself (inline styles), so viewers that run no scripts still
 * show the worked example; the script only adds the controls.
 */
import { randomBytes } from "crypto";
import { MimeBundle, escapeHtml, jsonForScript } from "./display";
import { NumericInput, describeShape, toDense } from "./dense";
import { ConvWords, convAt, convGeometry, convGridsHtml, fitMessage, formatValue, say } from "./convGeometry";
import { CATALOGUES, type MessageKey } from "../lib/i18n/messages";
import { currentLang, type Lang } from "../lib/i18n/lang";

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

const EXPLORER_KEYS = (Object.keys(CATALOGUES.en) as MessageKey[]).filter((k) => k.startsWith("explorer."));

/** The explorer's words (the catalogue's explorer.* messages) in `lang`, default the current language; its page gets them too. */
export function explorerWords(lang: Lang = currentLang()): ConvWords {
  return { lang, messages: Object.fromEntries(EXPLORER_KEYS.map((k) => [k, CATALOGUES[lang][k]])) };
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

/**
 * The page-side program: adds the sliders and step / play controls to the grids rendered
 * in the output, and redraws the grids (with the same convGridsHtml) as they change.
 */
const PAGE_SCRIPT = `
function start(root, X, K, stride0, pad0, strideMax, padMax, words) {
  var q = function (sel) { return root.querySelector(sel); };
  var w = function (key) { return say(words, key, {}); };
  var H = X.length, W = X[0].length, kh = K.length, kw = K[0].length;
  var state = { stride: stride0, pad: pad0, step: 0, timer: null };
  function total() { var g = convGeometry(H, W, kh, kw, state.stride, state.pad); return g.outH * g.outW; }
  state.step = total();
  q('.cx-controls').innerHTML =
    '<label>' + w('explorer.stride') + ' <input class="cx-stride" type="range" min="1" max="' + strideMax + '" value="' + stride0 + '"> <b class="cx-stride-value"></b></label>' +
    ' &nbsp;<label>' + w('explorer.padding') + ' <input class="cx-pad" type="range" min="0" max="' + padMax + '" value="' + pad0 + '"> <b class="cx-pad-value"></b></label>' +
    ' &nbsp;<button class="cx-prev" style="margin-right:4px">' + w('explorer.stepBack') + '</button><button class="cx-next" style="margin-right:4px">' + w('explorer.stepOn') + '</button>' +
    '<button class="cx-play" style="margin-right:4px">' + w('explorer.play') + '</button><button class="cx-reset" style="margin-right:4px">' + w('explorer.reset') + '</button>' +
    ' <span class="cx-progress" style="color:#666"></span>';
  function render() {
    var v = convGridsHtml(X, K, state.stride, state.pad, state.step, words);
    q('.cx-stride-value').textContent = state.stride; q('.cx-pad-value').textContent = state.pad;
    q('.cx-shape').textContent = v.shape;
    var fit = q('.cx-fit');
    fit.textContent = v.fit;
    fit.style.display = v.fit ? 'block' : 'none';
    q('.cx-input').innerHTML = v.input;
    q('.cx-kernel').innerHTML = v.kernel;
    q('.cx-output').innerHTML = v.output;
    q('.cx-calc').textContent = v.calc;
    q('.cx-progress').textContent = v.progress;
  }
  function stop() { if (state.timer) { clearInterval(state.timer); state.timer = null; q('.cx-play').textContent = w('explorer.play'); } }
  q('.cx-stride').addEventListener('input', function (e) { state.stride = Number(e.target.value); state.step = 0; stop(); render(); });
  q('.cx-pad').addEventListener('input', function (e) { state.pad = Number(e.target.value); state.step = 0; stop(); render(); });
  q('.cx-next').addEventListener('click', function () { stop(); if (state.step < total()) state.step++; render(); });
  q('.cx-prev').addEventListener('click', function () { stop(); if (state.step > 0) state.step--; render(); });
  q('.cx-reset').addEventListener('click', function () { stop(); state.step = 0; render(); });
  q('.cx-play').addEventListener('click', function () {
    if (state.timer) { stop(); return; }
    if (state.step >= total()) state.step = 0;
    q('.cx-play').textContent = w('explorer.pause');
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
  const words = explorerWords();
  const fit = fitMessage(H, W, kh, kw, stride, pad, words);
  const Y = convOutput(X, K, stride, pad);
  const text = [
    `${say(words, "explorer.title", {})}: ${say(words, "explorer.shape", { H, W, kh, kw, stride, pad, outH: g.outH, outW: g.outW })}`,
    ...(fit ? [fit] : []),
    ...Y.map((row) => "  " + row.map(formatValue).join(" ")),
  ].join("\n");
  const strideMax = Math.max(stride, 4);
  const padMax = Math.max(pad, Math.max(kh, kw) - 1, 2);
  const id = `cnnlab-conv-${randomBytes(6).toString("hex")}`;
  // The worked state (every output computed) is rendered here, so viewers that run no
  // scripts (untrusted notebooks, GitHub) show the grids; the script adds the controls.
  const v = convGridsHtml(X, K, stride, pad, g.outH * g.outW, words);
  const table = (cls: string, rows: string) => `<table class="${cls}" style="border-collapse:collapse">${rows}</table>`;
  const html = `<div id="${id}" class="cnnlab-conv" style="font:13px sans-serif">
<div class="cx-controls" style="margin-bottom:6px"></div>
<div class="cx-shape" style="margin-bottom:4px">${escapeHtml(v.shape)}</div>
<div class="cx-fit" style="color:#b00020;margin-bottom:4px;${fit ? "" : "display:none"}">${escapeHtml(fit)}</div>
<div style="display:flex;gap:24px;align-items:flex-start;flex-wrap:wrap">
  <div><div>${escapeHtml(say(words, "explorer.input", {}))}</div>${table("cx-input", v.input)}</div>
  <div><div>${escapeHtml(say(words, "explorer.kernel", {}))}</div>${table("cx-kernel", v.kernel)}</div>
  <div><div>${escapeHtml(say(words, "explorer.output", {}))}</div>${table("cx-output", v.output)}</div>
</div>
<div class="cx-calc" style="font:12px monospace;margin-top:6px;white-space:pre-wrap">${escapeHtml(v.calc)}</div>
</div>
<script type="text/javascript">(function () {
${say.toString()}
${convGeometry.toString()}
${convAt.toString()}
${fitMessage.toString()}
${formatValue.toString()}
${convGridsHtml.toString()}
${PAGE_SCRIPT}
var root = document.getElementById(${JSON.stringify(id)}) || (document.currentScript && document.currentScript.parentNode.querySelector("#${id}"));
if (root) start(root, ${jsonForScript(X)}, ${jsonForScript(K)}, ${stride}, ${pad}, ${strideMax}, ${padMax}, ${jsonForScript(words)});
})();</script>`;
  return { "text/plain": text, "text/html": html };
}
