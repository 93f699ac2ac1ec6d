/** Bundles that look inside a CNN: convolution filters and feature maps. */
import * as tf from "@tensorflow/tfjs";
import { MimeBundle } from "./display";
import { Dense, NumericInput, describeShape, toDense } from "./dense";
import { GridArgs, gridBundle } from "./image";
import { t } from "../lib/i18n/t";

/** Most filters or channels drawn; more are cut off with a note in the caption. */
export const MAX_TILES = 64;
/** Input channels drawn per filter when a layer has more than 3 (one row each). */
export const MAX_INPUT_CHANNELS = 8;

/** Options of `show.filters` and `show.featureMaps`. */
export interface TilesArgs extends Pick<GridArgs, "cols" | "minSide" | "title"> {}

/** A Conv2D layer's kernel tensor [kh, kw, in, out], or the argument itself when it is not a layer (nothing is read). */
export function kernelInput(layerOrKernel: tf.layers.Layer | NumericInput): NumericInput {
  if (layerOrKernel instanceof tf.layers.Layer) {
    const layer = layerOrKernel;
    const kernel = layer.getWeights().find((w) => w.rank === 4);
    if (!kernel) {
      const shapes = layer.getWeights().map((w) => describeShape(w.shape)).join(", ") || "none";
      throw new Error(
        `layerOrKernel: expected a Conv2D layer (4D kernel [kh, kw, in, out]), received ${layer.getClassName()} ` +
          `layer "${layer.name}" with weight shapes ${shapes}`,
      );
    }
    return kernel;
  }
  return layerOrKernel;
}

function kernelOf(layerOrKernel: tf.layers.Layer | NumericInput): Dense {
  const dense = toDense(kernelInput(layerOrKernel), "layerOrKernel");
  if (dense.shape.length !== 4) {
    throw new Error(`layerOrKernel: expected a kernel of shape [kh, kw, in, out], received shape ${describeShape(dense.shape)}`);
  }
  return dense;
}

/** Tile [kh, kw] (or [kh, kw, 3] when rgb) of filter `o`, input channel `c`. */
function kernelTile({ shape: [kh, kw, inC, outC], data }: Dense, c: number, o: number, rgb: boolean): number[][] | number[][][] {
  const at = (i: number, j: number, ch: number) => data[((i * kw + j) * inC + ch) * outC + o];
  return Array.from({ length: kh }, (_, i) =>
    Array.from({ length: kw }, (_, j) => (rgb ? [at(i, j, 0), at(i, j, 1), at(i, j, 2)] : at(i, j, c))),
  ) as number[][] | number[][][];
}

/**
 * Convolution filters on one shared scale: RGB tiles for 3-channel input, otherwise
 * blue-white-red tiles, one row per input channel (first 8) and one column per filter.
 */
export function filtersBundle(layerOrKernel: tf.layers.Layer | NumericInput, args: TilesArgs = {}): MimeBundle {
  const kernel = kernelOf(layerOrKernel);
  const [kh, kw, inC, outC] = kernel.shape;
  const shownOut = Math.min(outC, MAX_TILES);
  const rgb = inC === 3;
  const rows = rgb ? 1 : Math.min(inC, MAX_INPUT_CHANNELS);
  const tiles: Array<number[][] | number[][][]> = [];
  const labels: string[] = [];
  for (let c = 0; c < rows; c++) {
    for (let o = 0; o < shownOut; o++) {
      tiles.push(kernelTile(kernel, c, o, rgb));
      labels.push(rgb || inC === 1 ? t("show.filter", { n: o }) : t("show.inOut", { c, o }));
    }
  }
  const cut = [
    shownOut < outC ? t("show.firstFilters", { shown: shownOut, total: outC }) : "",
    !rgb && rows < inC ? t("show.firstChannels", { shown: rows, total: inC }) : "",
  ].filter(Boolean);
  const title = args.title ?? t("show.filters", { count: outC, size: `${kh}×${kw}×${inC}` }) + (cut.length ? ` (${cut.join(", ")})` : "");
  return gridBundle(tiles, {
    labels,
    cols: args.cols ?? shownOut,
    minSide: args.minSide ?? 48,
    title,
    colormap: rgb ? "grey" : "diverging",
    sharedScale: true,
  });
}

/**
 * The activations of `layerName` for one input image, one tile per channel, on a
 * shared scale (blue-white-red when any value is negative).
 */
export function featureMapsBundle(model: tf.LayersModel, input: NumericInput, layerName: string, args: TilesArgs = {}): MimeBundle {
  const maps = featureMapsOf(model, input, layerName);
  try {
    return featureMapsGrid(maps, layerName, args);
  } finally {
    maps.dispose();
  }
}

/** The activations [h, w, channels] of `layerName` for one input image (the caller disposes them). */
export function featureMapsOf(model: tf.LayersModel, input: NumericInput, layerName: string): tf.Tensor {
  if (!(model instanceof tf.LayersModel)) {
    throw new Error(`model: expected a tf.LayersModel (tf.sequential or tf.model), received ${describeValue(model)}`);
  }
  const names = model.layers.map((l) => l.name);
  if (!names.includes(layerName)) {
    throw new Error(`layerName: no layer named ${JSON.stringify(layerName)}; the model's layers are ${names.map((n) => JSON.stringify(n)).join(", ")}`);
  }
  const expected = model.inputs[0].shape.slice(1) as number[];
  const x = toDense(input, "input");
  const imageShape = x.shape.length === expected.length + 1 && x.shape[0] === 1 ? x.shape.slice(1) : x.shape;
  if (imageShape.length !== expected.length || imageShape.some((d, k) => expected[k] !== null && expected[k] !== d)) {
    throw new Error(`input: expected one image of shape ${describeShape(expected)} (or [1, ...]), received shape ${describeShape(x.shape)}`);
  }
  return tf.tidy(() => {
    const probe = tf.model({ inputs: model.inputs, outputs: model.getLayer(layerName).output as tf.SymbolicTensor });
    const batch = tf.tensor(x.data, [1, ...imageShape]);
    return (probe.predict(batch) as tf.Tensor).squeeze([0]);
  });
}

/** Feature maps (a tensor, or read ones) as a grid of tiles on one scale. */
export function featureMapsGrid(maps: NumericInput, layerName: string, args: TilesArgs = {}): MimeBundle {
  const dense = toDense(maps, "feature maps");
  if (dense.shape.length !== 3) {
    throw new Error(`layerName: layer ${JSON.stringify(layerName)} outputs shape ${describeShape(dense.shape)}, expected feature maps [height, width, channels]`);
  }
  const [h, w, channels] = dense.shape;
  const shown = Math.min(channels, MAX_TILES);
  const tiles = Array.from({ length: shown }, (_, c) =>
    Array.from({ length: h }, (_, i) => Array.from({ length: w }, (_, j) => dense.data[(i * w + j) * channels + c])),
  );
  return gridBundle(tiles, {
    // A channel that is zero everywhere (a dead ReLU) is worth naming, not just drawing black.
    labels: tiles.map((tile, c) => t(tile.every((row) => row.every((v) => v === 0)) ? "show.channelAllZero" : "show.channel", { c })),
    cols: args.cols ?? Math.min(shown, 8),
    minSide: args.minSide ?? 64,
    title: args.title ?? t("show.featureMaps", { layer: layerName, count: channels, size: `${h}×${w}` }) + (shown < channels ? ` (${t("show.firstN", { shown })})` : ""),
    colormap: "auto",
    sharedScale: true,
  });
}

function describeValue(v: unknown): string {
  return v === null || v === undefined ? String(v) : (v as object).constructor?.name ?? typeof v;
}
