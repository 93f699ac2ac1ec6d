/**
 * Where a unit of an inner layer looks in the input: for each spatial axis, the first input pixel of
 * unit 0's receptive field (`first`, negative when it starts in the padding), the field's `size` and the
 * `jump` between neighbouring units. Per layer, with kernel k (dilated: d(k − 1) + 1), stride s and
 * padding p_before: size ← size + (k − 1)·jump, first ← first − p_before·jump, jump ← jump·s.
 * Layers that keep the grid (activations, batch norm, dropout, LRN) change nothing; a merge (Add,
 * Concatenate) takes its widest input.
 */
import * as tf from "@tensorflow/tfjs";

export interface AxisField {
  first: number;
  size: number;
  jump: number;
}
/** [rows, columns]. */
export type Field = [AxisField, AxisField];

type Config = Record<string, unknown>;
const pair = (v: unknown, fallback: number): [number, number] =>
  Array.isArray(v) ? [Number(v[0]), Number(v[1])] : typeof v === "number" ? [v, v] : [fallback, fallback];

/** Padding tfjs puts before the first row/column for 'same' (the larger half after). */
function padBefore(padding: unknown, inSize: number, outSize: number, k: number, s: number): number {
  if (padding !== "same") return 0;
  return Math.floor(Math.max((outSize - 1) * s + k - inSize, 0) / 2);
}

function step(field: Field, layer: tf.layers.Layer, inShape: number[], outShape: number[]): Field {
  const config = layer.getConfig() as Config;
  const window = config.kernelSize ?? config.poolSize;
  if (layer.getClassName() === "ZeroPadding2D") {
    const p = config.padding as [[number, number], [number, number]];
    return field.map((f, a) => ({ ...f, first: f.first - p[a][0] * f.jump })) as Field;
  }
  if (window === undefined) {
    if (inShape[1] !== outShape[1] || inShape[2] !== outShape[2]) {
      throw new Error(`receptive field: layer ${JSON.stringify(layer.name)} (${layer.getClassName()}) changes the map size ${inShape[1]}x${inShape[2]} → ${outShape[1]}x${outShape[2]} in a way cnnlab cannot follow`);
    }
    return field;
  }
  const k = pair(window, 1);
  const s = pair(config.strides ?? window, 1);
  const d = pair(config.dilationRate, 1);
  return field.map((f, a) => {
    const kEff = d[a] * (k[a] - 1) + 1;
    const pb = padBefore(config.padding, inShape[1 + a], outShape[1 + a], kEff, s[a]);
    return { first: f.first - pb * f.jump, size: f.size + (kEff - 1) * f.jump, jump: f.jump * s[a] };
  }) as Field;
}

/** The receptive field of `layer`'s units in the model's input. */
export function receptiveBox(model: tf.LayersModel, layer: tf.layers.Layer): Field {
  const memo = new Map<number, Field>();
  const start: Field = [{ first: 0, size: 1, jump: 1 }, { first: 0, size: 1, jump: 1 }];
  model.inputs.forEach((t) => memo.set(t.id, start));
  const of = (t: tf.SymbolicTensor): Field => {
    const known = memo.get(t.id);
    if (known) return known;
    const source = t.sourceLayer as tf.layers.Layer;
    const node = source.inboundNodes.find((n) => n.outputTensors.some((o) => o.id === t.id)) ?? source.inboundNodes[0];
    const inputs = node.inputTensors.map(of);
    const widest = inputs.reduce((a, b) => (b[0].size * b[1].size > a[0].size * a[1].size ? b : a));
    const field = node.inputTensors.length === 1 ? step(widest, source, node.inputTensors[0].shape as number[], t.shape as number[]) : widest;
    memo.set(t.id, field);
    return field;
  };
  return of(layer.output as tf.SymbolicTensor);
}
