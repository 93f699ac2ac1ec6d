/**
 * saveModel(model, dir) / loadModel(dir): a file:// IO handler for Node without
 * tfjs-node. Writes dir/model.json and dir/weights.bin in the tfjs layers-model
 * format (the one tfjs-node and tfjs-converter read), each through a temp file
 * and a rename, so a crash never leaves a half-written file.
 */
import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { writeFileAtomic } from "../fs/atomic-write";
// Registers the custom layers, so that models using them can be deserialised.
import "../layers/register";

const MODEL_JSON = "model.json";
const WEIGHTS_BIN = "weights.bin";


function toBytes(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  return new Uint8Array(tf.io.CompositeArrayBuffer.join(data));
}

/** A tf.io.IOHandler that saves to / loads from the folder `dir`. */
export function folderHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new Error(`saveModel: binary model topologies are not supported (folder ${dir})`);
      }
      fs.mkdirSync(dir, { recursive: true });
      const weights = toBytes(artifacts.weightData);
      writeFileAtomic(path.join(dir, WEIGHTS_BIN), weights);
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? "layers-model",
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
      };
      // model.json last: its presence means the weights next to it are complete.
      writeFileAtomic(path.join(dir, MODEL_JSON), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const jsonPath = path.join(dir, MODEL_JSON);
      if (!fs.existsSync(jsonPath)) {
        throw new Error(`loadModel: no ${MODEL_JSON} in folder ${JSON.stringify(dir)} (expected a folder written by saveModel)`);
      }
      let json: { modelTopology: object; format?: string; generatedBy?: string; convertedBy?: string | null; weightsManifest: tf.io.WeightsManifestConfig };
      try {
        json = JSON.parse(fs.readFileSync(jsonPath, "utf8"));
      } catch (err) {
        throw new Error(`loadModel: ${jsonPath} is not valid JSON: ${(err as Error).message}`);
      }
      if (!json || typeof json.modelTopology !== "object" || !Array.isArray(json.weightsManifest)) {
        throw new Error(`loadModel: ${jsonPath} lacks modelTopology or weightsManifest; expected a tfjs layers-model model.json`);
      }
      const weightSpecs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Buffer[] = [];
      for (const group of json.weightsManifest) {
        weightSpecs.push(...group.weights);
        for (const p of group.paths) {
          const file = path.resolve(dir, p);
          if (!fs.existsSync(file)) throw new Error(`loadModel: weights file ${file} named in ${jsonPath} is missing`);
          buffers.push(fs.readFileSync(file));
        }
      }
      const all = Buffer.concat(buffers);
      const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
      return { modelTopology: json.modelTopology, format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy ?? undefined, weightSpecs, weightData };
    },
  };
}

export async function saveModel(model: tf.LayersModel, dir: string): Promise<tf.io.SaveResult> {
  if (!(model instanceof tf.LayersModel)) throw new Error(`saveModel: model must be a tf.LayersModel, got ${typeof model}`);
  if (typeof dir !== "string" || dir === "") throw new Error(`saveModel: dir must be a folder path, got ${JSON.stringify(dir)}`);
  return model.save(folderHandler(dir));
}

export async function loadModel(dir: string): Promise<tf.LayersModel> {
  if (typeof dir !== "string" || dir === "") throw new Error(`loadModel: dir must be a folder path, got ${JSON.stringify(dir)}`);
  return tf.loadLayersModel(folderHandler(dir));
}

// file:// URLs for model.save / tf.loadLayersModel, registered on import (see file-scheme.ts).
import { registerFileScheme } from "./file-scheme";
registerFileScheme();
