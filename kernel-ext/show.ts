/** `show.*`: rich notebook outputs, each a MIME bundle with a text/plain fallback. */
import * as tf from "@tensorflow/tfjs";
import { emit } from "./display";
import { NumericInput } from "./dense";
import { GridArgs, ImageArgs, gridBundle, imageBundle } from "./image";
import { TilesArgs, featureMapsBundle, filtersBundle } from "./layers";
import { MatrixArgs, matrixBundle } from "./matrix";
import { ModelLike, Row, TableArgs, modelBundle, tableBundle } from "./table";
import { ConvExplorerArgs, convExplorerBundle } from "./convExplorer";
import { HeatmapOverlayArgs, heatmapOverlayBundle } from "./heatmap";

export const show = {
  /** An image: tensor or array [h, w], [h, w, 1] or [h, w, 3]; 0..1 or 0..255; a batch [n, h, w, c] becomes a grid. */
  image(x: NumericInput, args?: ImageArgs): void {
    emit(imageBundle(x, args));
  },
  /** A grid of images (array of images, or a batch), e.g. `{ labels: ["7→2", …], cols: 8 }`. */
  grid(images: NumericInput | readonly NumericInput[], args?: GridArgs): void {
    emit(gridBundle(images, args));
  },
  /** Convolution filters of a Conv2D layer or a kernel tensor [kh, kw, in, out], blue-white-red. */
  filters(layerOrKernel: tf.layers.Layer | NumericInput, args?: TilesArgs): void {
    emit(filtersBundle(layerOrKernel, args));
  },
  /** The activations of layer `layerName` for one input image, one tile per channel. */
  featureMaps(model: tf.LayersModel, input: NumericInput, layerName: string, args?: TilesArgs): void {
    emit(featureMapsBundle(model, input, layerName, args));
  },
  /** A matrix as LaTeX, with fractions such as 1/9 factored out. */
  matrix(k: NumericInput, args?: MatrixArgs): void {
    emit(matrixBundle(k, args));
  },
  /** An array of row objects as an HTML table. */
  table(rows: readonly Row[], args?: TableArgs): void {
    emit(tableBundle(rows, args));
  },
  /** Layers, output shapes and parameter counts of a model, of summary rows, or of summarize(model). */
  model(model: ModelLike, args?: { title?: string }): void {
    emit(modelBundle(model, args));
  },
  /** An in-page convolution explorer with stride / padding sliders and step / play. */
  convExplorer(args: ConvExplorerArgs): void {
    emit(convExplorerBundle(args));
  },
  /** A saliency, Grad-CAM or occlusion map [h, w] (any size) blended over its image, e.g. `{ alpha: 0.5, colormap: "jet" }`. */
  heatmapOverlay(image: NumericInput, map: NumericInput, args?: HeatmapOverlayArgs): void {
    emit(heatmapOverlayBundle(image, map, args));
  },
};
