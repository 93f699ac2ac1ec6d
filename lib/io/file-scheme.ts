/**
 * `model.save("file://dir")` and `tf.loadLayersModel("file://dir/model.json")` in Node without tfjs-node:
 * @tensorflow/tfjs registers no file:// handler (tfjs-node does), so these calls — the ones every tfjs
 * tutorial shows — would fail with "Cannot find any save handlers". cnnlab routes them to its own folder
 * handler. When tfjs-node is loaded (its "tensorflow" backend is registered) the routers step aside, since
 * tfjs refuses a URL that two handlers claim.
 */
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { folderHandler } from "./model-io";

const PREFIX = "file://";

function tfjsNodeLoaded(): boolean {
  return tf.findBackendFactory("tensorflow") !== null;
}

/** The folder a file:// URL names: "file://runs/lenet" or "file://runs/lenet/model.json" → "runs/lenet". */
export function folderOfUrl(url: string): string {
  const p = url.slice(PREFIX.length);
  return path.basename(p) === "model.json" ? path.dirname(p) : p;
}

const router = (url: string | string[]): tf.io.IOHandler | null => {
  const u = Array.isArray(url) ? url[0] : url;
  if (typeof u !== "string" || !u.startsWith(PREFIX) || tfjsNodeLoaded()) return null;
  return folderHandler(folderOfUrl(u));
};

let registered = false;

/** Registers the file:// routers once (called when cnnlab is imported). */
export function registerFileScheme(): void {
  if (registered) return;
  registered = true;
  // tfjs types a router as always returning a handler, but its registry skips routers that return null
  // (that is how a router says "not my URL"), which is what ours does for other schemes.
  tf.io.registerSaveRouter(router as Parameters<typeof tf.io.registerSaveRouter>[0]);
  tf.io.registerLoadRouter(router as Parameters<typeof tf.io.registerLoadRouter>[0]);
}
