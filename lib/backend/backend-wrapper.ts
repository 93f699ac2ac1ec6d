/**
 * Test-only: `CNNLAB_BACKEND_WRAPPER=<absolute path of a module>` makes `initBackend` hand the backend
 * it chose to that module's `wrapBackend(tf, name)`, which registers a wrapping backend and returns
 * its name; the ladder then runs on it. The tests use test/support/no-sync-backend.js, which refuses
 * synchronous reads as webgpu does in Node, to prove that the course reads tensors with `await`.
 */
import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";

export const BACKEND_WRAPPER_VARIABLE = "CNNLAB_BACKEND_WRAPPER";

interface WrapperModule {
  wrapBackend(tfjs: typeof tf, backendName: string): Promise<string> | string;
}

/** The wrapper module's path, or undefined; a bad value is a configuration error naming the variable. */
export function backendWrapperPath(): string | undefined {
  const file = process.env[BACKEND_WRAPPER_VARIABLE];
  if (file === undefined || file === "") return undefined;
  if (!path.isAbsolute(file) || !fs.existsSync(file)) {
    throw new Error(`${BACKEND_WRAPPER_VARIABLE} must be the absolute path of an existing module that exports wrapBackend(tf, backendName); got "${file}"`);
  }
  return file;
}

/** Switches to the wrapper of the active backend, when the variable is set; returns what to add to the backend's description. */
export async function applyBackendWrapper(): Promise<string> {
  const file = backendWrapperPath();
  if (!file) return "";
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mod = require(file) as Partial<WrapperModule>;
  if (typeof mod.wrapBackend !== "function") throw new Error(`${BACKEND_WRAPPER_VARIABLE}: ${file} exports no wrapBackend(tf, backendName)`);
  const name = await mod.wrapBackend(tf, tf.getBackend());
  if (!(await tf.setBackend(name))) throw new Error(`${BACKEND_WRAPPER_VARIABLE}: the backend "${name}" from ${file} failed to initialise`);
  return `, wrapped as ${name} by ${BACKEND_WRAPPER_VARIABLE}`;
}
