/**
 * What a unit of a deeper layer responds to (Zeiler and Fergus 2014): for each channel of a
 * convolutional layer, the input patches — each the unit's receptive field — on which the
 * channel's strongest response over a set of images occurred, one patch per image.
 *
 * The receptive field is computed from the layers between the input and `layerName`:
 * a kernel k at stride s (convolution or pooling) widens the field by (k − 1)·jump and
 * multiplies the jump (input pixels between neighbouring units) by s; padding moves the start.
 */
import * as tf from "@tensorflow/tfjs";
import { activations } from "./activations";
import { checkModel } from "./predict";

/** The receptive field of a layer's units, along one axis (the models here are square). */
export interface ReceptiveField {
  /** Input pixels one unit sees. */
  size: number;
  /** Input pixels between two neighbouring units. */
  jump: number;
  /** Input coordinate of the centre of unit 0's field (negative when padding reaches outside). */
  start: number;
}

type Pair = number | number[];
const first = (v: Pair | undefined, fallback: number): number => (v === undefined ? fallback : Array.isArray(v) ? v[0] : v);

/** Receptive field of the units of `layerName`, walking the (sequential) layers from the input. */
export function receptiveField(model: tf.LayersModel, layerName: string): ReceptiveField {
  checkModel(model, "receptiveField");
  const names = model.layers.map((l) => l.name);
  const end = names.indexOf(layerName);
  if (end < 0) throw new Error(`receptiveField: layerName ${JSON.stringify(layerName)} is not a layer of this model; its layers are: ${names.join(", ")}`);
  let f: ReceptiveField = { size: 1, jump: 1, start: 0 };
  for (const layer of model.layers.slice(0, end + 1)) {
    const cls = layer.getClassName();
    const config = layer.getConfig() as Record<string, unknown>;
    if (cls === "ZeroPadding2D") {
      const p = config.padding as number[][];
      f = { ...f, start: f.start - p[0][0] * f.jump };
    } else if (["Conv2D", "MaxPooling2D", "AveragePooling2D", "DepthwiseConv2D"].includes(cls)) {
      const k = first((config.kernelSize ?? config.poolSize) as Pair, 1);
      const s = first(config.strides as Pair, k);
      const inSize = (layer.input as tf.SymbolicTensor).shape[1] as number, outSize = (layer.output as tf.SymbolicTensor).shape[1] as number;
      const pad = config.padding === "same" ? Math.floor(Math.max((outSize - 1) * s + k - inSize, 0) / 2) : 0;
      f = { size: f.size + (k - 1) * f.jump, jump: f.jump * s, start: f.start + ((k - 1) / 2 - pad) * f.jump };
    } else if (["Flatten", "Dense", "GlobalAveragePooling2D", "GlobalMaxPooling2D"].includes(cls)) {
      throw new Error(`receptiveField: layer ${layer.name} (${cls}) comes before ${layerName}: its units see the whole input, not a patch`);
    }
    // Element-wise layers (activations, normalisation, dropout) keep the field.
  }
  return f;
}

/** Options of maxActivatingPatches; each field lists its default. */
export interface PatchArgs {
  /** Channels to look at. Default: the first 8. */
  channels?: number[];
  /** Patches per channel (from different images). Default 6. */
  top?: number;
  /** Examples per forward pass. Default 256. */
  batchSize?: number;
}

/** One patch: which image, where (the unit's row and column in the layer's map) and how strong. */
export interface PatchHit {
  channel: number;
  image: number;
  row: number;
  col: number;
  value: number;
}

/** The patches, channel after channel ([channels·top, size, size, C], zero outside the image), and where each came from. */
export interface Patches {
  patches: tf.Tensor4D;
  hits: PatchHit[];
  field: ReceptiveField;
}

/**
 * For each channel of `layerName`, the `top` images with the strongest single response of
 * that channel, and the receptive-field patch of each image around the unit that gave it.
 */
export function maxActivatingPatches(model: tf.LayersModel, images: tf.Tensor4D, layerName: string, args: PatchArgs = {}): Patches {
  const field = receptiveField(model, layerName);
  const maps = activations(model, images, layerName, { batchSize: args.batchSize });
  if (maps.rank !== 4) {
    maps.dispose();
    throw new Error(`maxActivatingPatches: layer ${layerName} gives shape [${maps.shape}], not feature maps [N, H, W, C]`);
  }
  const [n, h, w, c] = maps.shape;
  const channels = args.channels ?? Array.from({ length: Math.min(8, c) }, (_, k) => k);
  const top = args.top ?? 6;
  const bad = channels.filter((k) => !(Number.isInteger(k) && k >= 0 && k < c));
  if (bad.length) {
    maps.dispose();
    throw new Error(`maxActivatingPatches: channels ${bad.join(", ")} are not channels 0..${c - 1} of layer ${layerName}`);
  }
  if (!(Number.isInteger(top) && top >= 1 && top <= n)) {
    maps.dispose();
    throw new Error(`maxActivatingPatches: top must be an integer in 1..${n} (the number of images), got ${top}`);
  }
  const a = maps.dataSync();
  maps.dispose();
  const hits: PatchHit[] = [];
  for (const ch of channels) {
    // Each image's strongest unit of this channel; then the strongest images.
    const best: PatchHit[] = [];
    for (let i = 0; i < n; i++) {
      let hit: PatchHit = { channel: ch, image: i, row: 0, col: 0, value: -Infinity };
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const v = a[((i * h + y) * w + x) * c + ch];
          if (v > hit.value) hit = { channel: ch, image: i, row: y, col: x, value: v };
        }
      }
      best.push(hit);
    }
    best.sort((p, q) => q.value - p.value);
    hits.push(...best.slice(0, top));
  }
  return { patches: cropPatches(images, hits, field), hits, field };
}

/** The receptive-field window of each hit, cut from its image; zero where it reaches outside. */
function cropPatches(images: tf.Tensor4D, hits: PatchHit[], f: ReceptiveField): tf.Tensor4D {
  const [, H, W, C] = images.shape;
  const px = images.dataSync();
  const size = f.size, half = (size - 1) / 2;
  const out = new Float32Array(hits.length * size * size * C);
  hits.forEach((hit, p) => {
    const top = Math.round(f.start + hit.row * f.jump - half), left = Math.round(f.start + hit.col * f.jump - half);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const iy = top + y, ix = left + x;
        if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
        for (let ch = 0; ch < C; ch++) out[((p * size + y) * size + x) * C + ch] = px[((hit.image * H + iy) * W + ix) * C + ch];
      }
    }
  });
  return tf.tensor4d(out, [hits.length, size, size, C]);
}
