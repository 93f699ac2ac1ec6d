/**
 * A per-layer table of a tfjs model: output shape, parameters (trainable and not),
 * connections as LeCun et al. 1998 count them (every input of every output unit,
 * a bias counting as one input; for a convolution (kernel params incl. bias) × output
 * positions) and multiply-adds of the convolutions and dense layers, for one example.
 */
import * as tf from "@tensorflow/tfjs";
import { countsConnections, layerInputShape, Shape } from "./layers/types";
import { t } from "./i18n/t";

export interface SummaryRow {
  name: string;
  /** tfjs class name, e.g. "Conv2D", "PartialConv2D". */
  type: string;
  /** Output shape without the batch dimension (several outputs: the first). */
  outputShape: number[];
  params: number;
  trainable: number;
  nonTrainable: number;
  connections: number;
  multiplyAdds: number;
}

export interface Summary {
  model: string;
  inputShape: number[];
  rows: SummaryRow[];
  totals: { params: number; trainable: number; nonTrainable: number; connections: number; multiplyAdds: number };
}

export function summarize(model: tf.LayersModel): Summary {
  if (!(model instanceof tf.LayersModel)) {
    throw new Error(`summarize: model must be a tf.LayersModel (e.g. from buildModel), got ${describe(model)}`);
  }
  const rows = model.layers.map(summarizeLayer);
  const sum = (key: keyof SummaryRow) => rows.reduce((s, r) => s + (r[key] as number), 0);
  return {
    model: model.name,
    inputShape: dropBatch(model.inputs[0].shape),
    rows,
    totals: { params: sum("params"), trainable: sum("trainable"), nonTrainable: sum("nonTrainable"), connections: sum("connections"), multiplyAdds: sum("multiplyAdds") },
  };
}

function summarizeLayer(layer: tf.layers.Layer): SummaryRow {
  const outputShape = firstShape(layer.outputShape);
  const size = (ws: tf.LayerVariable[]) => ws.reduce((s, w) => s + w.shape.reduce((p: number, d) => p * (d as number), 1), 0);
  const trainable = size(layer.trainableWeights);
  const nonTrainable = size(layer.nonTrainableWeights);
  const { connections, multiplyAdds } = countWork(layer, outputShape);
  return { name: layer.name, type: layer.getClassName(), outputShape: dropBatch(outputShape), params: trainable + nonTrainable, trainable, nonTrainable, connections, multiplyAdds };
}

function countWork(layer: tf.layers.Layer, outputShape: Shape): { connections: number; multiplyAdds: number } {
  if (countsConnections(layer)) {
    return { connections: layer.countConnections(outputShape), multiplyAdds: layer.countMultiplyAdds(outputShape) };
  }
  const units = dropBatch(outputShape).reduce((p, d) => p * d, 1);
  const config = layer.getConfig();
  switch (layer.getClassName()) {
    case "Conv2D":
    case "Dense": {
      // kernel [kh, kw, cin, cout] or [in, out]: inputs per output unit = kernel size / cout.
      const kernel = layer.weights[0].shape as number[];
      const fanIn = kernel.slice(0, -1).reduce((p, d) => p * d, 1);
      const bias = config.useBias ? 1 : 0;
      return { connections: units * (fanIn + bias), multiplyAdds: units * fanIn };
    }
    case "DepthwiseConv2D":
    case "SeparableConv2D": {
      // depthwise kernel [kh, kw, cin, multiplier]: each of the oh·ow·cin·multiplier maps reads kh·kw inputs of its own channel;
      // a separable conv then mixes those maps with a 1x1 (pointwise) kernel [1, 1, cin·multiplier, cout].
      const [kh, kw, cin, multiplier] = layer.weights[0].shape as number[];
      const [oh, ow] = dropBatch(outputShape);
      const depthwise = oh * ow * cin * multiplier * kh * kw;
      const pointwise = layer.getClassName() === "SeparableConv2D" ? units * cin * multiplier : 0;
      const bias = config.useBias ? units : 0;
      return { connections: depthwise + pointwise + bias, multiplyAdds: depthwise + pointwise };
    }
    case "MaxPooling2D":
    case "AveragePooling2D": {
      const pool = config.poolSize as number[];
      return { connections: units * pool[0] * pool[1], multiplyAdds: 0 };
    }
    case "GlobalAveragePooling2D":
    case "GlobalMaxPooling2D": {
      const input = layerInputShape(layer);
      return { connections: units * (input[1] ?? 0) * (input[2] ?? 0), multiplyAdds: 0 };
    }
    default:
      return { connections: 0, multiplyAdds: 0 };
  }
}

/** Text table with thousands separators, one row per layer and a totals line. */
export function formatSummary(summary: Summary): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const header = [t("table.layer"), t("table.type"), t("table.output"), t("table.params"), t("table.connections"), t("table.multAdds")];
  const body = summary.rows.map((r) => [r.name, r.type, r.outputShape.join("x"), n(r.params), n(r.connections), n(r.multiplyAdds)]);
  const totals = summary.totals;
  const total = [t("table.total"), "", "", n(totals.params), n(totals.connections), n(totals.multiplyAdds)];
  const all = [header, ...body, total];
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((cell, i) => (i >= 3 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join("  ").trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [
    t("summary.head", { model: summary.model, shape: summary.inputShape.join("x") }),
    line(header),
    rule,
    ...body.map(line),
    rule,
    line(total),
    t("summary.trainable", { trainable: n(totals.trainable), nonTrainable: n(totals.nonTrainable) }),
  ].join("\n");
}

function firstShape(shape: Shape | Shape[]): Shape {
  return (Array.isArray(shape[0]) ? shape[0] : shape) as Shape;
}

function dropBatch(shape: Shape): number[] {
  return shape.slice(1).map((d) => d ?? 0);
}

function describe(x: unknown): string {
  if (x === null || typeof x !== "object") return JSON.stringify(x) ?? String(x);
  return `an object of class ${(x as object).constructor?.name ?? "unknown"}`;
}
