/**
 * What a unit of a deeper layer responds to (Zeiler and Fergus 2014), per channel: for each channel of
 * a convolutional layer, the `top` images with the strongest single response and the receptive-field
 * patch around the unit that gave it. A multi-channel view over `interpret.maxActivating` and
 * `interpret.receptiveBox`, which do the work (one implementation of the geometry and the search).
 */
import * as tf from "@tensorflow/tfjs";
import { checkModel } from "./predict";
import { layerByName } from "../interpret/model-graph";
import { receptiveBox } from "../interpret/receptive-box";
import { maxActivating } from "../interpret/max-activating";

/** The receptive field of a layer's units, along one axis (the models here are square). */
export interface ReceptiveField {
  /** Input pixels one unit sees. */
  size: number;
  /** Input pixels between two neighbouring units. */
  jump: number;
  /** Input coordinate of the centre of unit 0's field (negative when padding reaches outside). */
  start: number;
}

const WHOLE_INPUT = ["Flatten", "Dense", "GlobalAveragePooling2D", "GlobalMaxPooling2D"];

/** Receptive field of the units of `layerName` (rows; the models here are square). */
export function receptiveField(model: tf.LayersModel, layerName: string): ReceptiveField {
  checkModel(model, "receptiveField");
  const layer = layerByName(model, layerName, "receptiveField", "layerName");
  for (const l of model.layers.slice(0, model.layers.indexOf(layer) + 1)) {
    if (WHOLE_INPUT.includes(l.getClassName())) {
      throw new Error(`receptiveField: layer ${l.name} (${l.getClassName()}) comes before ${layerName}: its units see the whole input, not a patch`);
    }
  }
  const [rows] = receptiveBox(model, layer);
  return { size: rows.size, jump: rows.jump, start: rows.first + (rows.size - 1) / 2 };
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
 * Async: the responses are read with `await` (webgpu cannot read synchronously), so
 * `const { patches, hits, field } = await maxActivatingPatches(…)`.
 */
export async function maxActivatingPatches(model: tf.LayersModel, images: tf.Tensor4D, layerName: string, args: PatchArgs = {}): Promise<Patches> {
  const field = receptiveField(model, layerName);
  const shape = model.getLayer(layerName).outputShape as number[];
  if (!Array.isArray(shape) || shape.length !== 4) throw new Error(`maxActivatingPatches: layer ${layerName} gives shape [${shape}], not feature maps [N, H, W, C]`);
  const c = shape[3];
  const n = images.shape[0];
  const channels = args.channels ?? Array.from({ length: Math.min(8, c) }, (_, k) => k);
  const top = args.top ?? 6;
  const bad = channels.filter((k) => !(Number.isInteger(k) && k >= 0 && k < c));
  if (bad.length) throw new Error(`maxActivatingPatches: channels ${bad.join(", ")} are not channels 0..${c - 1} of layer ${layerName}`);
  if (!(Number.isInteger(top) && top >= 1 && top <= n)) throw new Error(`maxActivatingPatches: top must be an integer in 1..${n} (the number of images), got ${top}`);
  const hits: PatchHit[] = [];
  const parts: tf.Tensor4D[] = [];
  try {
    for (const channel of channels) {
      const r = await maxActivating(model, images, { layer: layerName, channel, k: top, batchSize: args.batchSize, distinctImages: true });
      hits.push(...r.top.map((t) => ({ channel, ...t })));
      parts.push(r.patches);
    }
    return { patches: tf.concat(parts, 0) as tf.Tensor4D, hits, field };
  } finally {
    tf.dispose(parts);
  }
}
