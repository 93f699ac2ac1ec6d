/**
 * `show.*`: rich notebook outputs, each a MIME bundle with a text/plain fallback. Each is async and
 * is awaited (`await show.image(x)`): tensors are read with `await t.data()`, which every backend
 * can do, webgpu in Node included (it cannot read synchronously).
 */
import * as tf from "@tensorflow/tfjs";
import { emit } from "./display";
import { NumericInput, readTensors } from "./dense";
import { GridArgs, ImageArgs, gridBundle, imageBundle } from "./image";
import { TilesArgs, featureMapsGrid, featureMapsOf, filtersBundle, kernelInput } from "./layers";
import { MatrixArgs, matrixBundle } from "./matrix";
import { ModelLike, Row, TableArgs, modelBundle, tableBundle } from "./table";
import { ConvExplorerArgs, convExplorerBundle } from "./convExplorer";
import { HeatmapOverlayArgs, heatmapOverlayBundle } from "./heatmap";

export const show = {
  /** An image: tensor or array [h, w], [h, w, 1] or [h, w, 3]; 0..1 or 0..255; a batch [n, h, w, c] becomes a grid. */
  async image(x: NumericInput, args?: ImageArgs): Promise<void> {
    emit(imageBundle(await readTensors(x), args));
  },
  /** A grid of images (array of images, or a batch), e.g. `{ labels: ["7→2", …], cols: 8 }`. */
  async grid(images: NumericInput | readonly NumericInput[], args?: GridArgs): Promise<void> {
    emit(gridBundle(await readTensors(images), args));
  },
  /** Convolution filters of a Conv2D layer or a kernel tensor [kh, kw, in, out], blue-white-red. */
  async filters(layerOrKernel: tf.layers.Layer | NumericInput, args?: TilesArgs): Promise<void> {
    emit(filtersBundle(await readTensors(kernelInput(layerOrKernel)), args));
  },
  /** The activations of layer `layerName` for one input image, one tile per channel. */
  async featureMaps(model: tf.LayersModel, input: NumericInput, layerName: string, args?: TilesArgs): Promise<void> {
    const maps = featureMapsOf(model, await readTensors(input), layerName);
    try {
      emit(featureMapsGrid(await readTensors(maps), layerName, args));
    } finally {
      maps.dispose();
    }
  },
  /** A matrix as LaTeX, with fractions such as 1/9 factored out. */
  async matrix(k: NumericInput, args?: MatrixArgs): Promise<void> {
    emit(matrixBundle(await readTensors(k), args));
  },
  /** An array of row objects as an HTML table. */
  async table(rows: readonly Row[], args?: TableArgs): Promise<void> {
    emit(tableBundle(rows, args));
  },
  /** Layers, output shapes and parameter counts of a model, of summary rows, or of summarize(model). */
  async model(model: ModelLike, args?: { title?: string }): Promise<void> {
    emit(modelBundle(model, args));
  },
  /** An in-page convolution explorer with stride / padding sliders and step / play. */
  async convExplorer(args: ConvExplorerArgs): Promise<void> {
    emit(convExplorerBundle(await readTensors(args)));
  },
  /** A saliency, Grad-CAM or occlusion map [h, w] (any size) blended over its image, e.g. `{ alpha: 0.5, colormap: "jet" }`. */
  async heatmapOverlay(image: NumericInput, map: NumericInput, args?: HeatmapOverlayArgs): Promise<void> {
    emit(heatmapOverlayBundle(await readTensors(image), await readTensors(map), args));
  },
};
