/** `cnnlab summary <model> [--input HxWxC] [--classes N] [--width W]`: the per-layer table of a model. */
import { Command } from "commander";
import { initBackend } from "../backend";
import { InputShape } from "../models/args";
import { buildModel, MODELS, modelNames } from "../models/registry";
import { formatSummary, summarize } from "../summary";
import { positiveIntOption, positiveNumberOption } from "./options";

/** Parses "HxWxC" (e.g. "32x32x3") into [h, w, c]. */
export function parseInputShape(text: string): InputShape {
  const parts = text.split(/[x×,]/i).map((p) => p.trim());
  const dims = parts.map(Number);
  if (dims.length !== 3 || !dims.every((d, i) => parts[i] !== "" && Number.isInteger(d) && d > 0)) {
    throw new Error(`--input must be HxWxC with three positive integers, e.g. 32x32x3, got ${JSON.stringify(text)}`);
  }
  return dims as InputShape;
}

export function register(program: Command): void {
  program
    .command("summary")
    .description("print a model's layers, output shapes, parameters, connections and multiply-adds")
    .argument("<model>", `one of: ${modelNames().join(", ")}`)
    .option("--input <HxWxC>", "input shape, e.g. 32x32x3 (default: the model's own)")
    .option("--classes <N>", "number of classes (default: the model's own)", positiveIntOption("--classes"))
    .option("--width <W>", "channel-width multiplier (default 1)", positiveNumberOption("--width"))
    .option("--json", "print the summary as JSON instead of a table")
    .addHelpText("after", "\nModels:\n" + modelNames().map((n) => `  ${n.padEnd(14)} ${MODELS[n].description}`).join("\n"))
    .action(async (name: string, opts: { input?: string; classes?: number; width?: number; json?: boolean }) => {
      try {
        const args = {
          ...(opts.input !== undefined && { inputShape: parseInputShape(opts.input) }),
          ...(opts.classes !== undefined && { classes: opts.classes }),
          ...(opts.width !== undefined && { width: opts.width }),
        };
        // Building a model creates its weights, which needs an initialised backend: importing the library
        // registers wasm as the highest-priority backend, and tfjs cannot start it synchronously.
        await initBackend({ verbose: false });
        const model = buildModel(name, args);
        const summary = summarize(model);
        model.dispose();
        console.log(opts.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
      } catch (err) {
        console.error(`cnnlab summary: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    });
}
