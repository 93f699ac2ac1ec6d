/**
 * The `cnnlab` command line. Each subcommand lives in its own file under lib/cli/
 * and exports `register(program)`; this file only wires them together.
 */
import { Command, CommanderError } from "commander";
import { packageVersion } from "../package-root";
import { register as registerInfo } from "./info";
import { register as registerKernel } from "./kernel";
import { register as registerSummary } from "./summary";
import { register as registerRun } from "./run";
import { register as registerJupyter } from "./jupyter";
import { register as registerStrip } from "./strip";
import { register as registerAssign } from "./assign";
import { register as registerGrade } from "./grade";
import { register as registerI18n } from "./i18n";

/** Subcommand registrations, in the order `--help` lists them. */
const SUBCOMMANDS: Array<(program: Command) => void> = [registerInfo, registerKernel, registerSummary, registerRun, registerJupyter, registerStrip, registerAssign, registerGrade, registerI18n];

export function buildProgram(): Command {
  const program = new Command("cnnlab")
    .description("cnnlab — a TypeScript course kit for convolutional neural networks in Jupyter")
    .version(packageVersion())
    .showHelpAfterError()
    .exitOverride();
  for (const register of SUBCOMMANDS) register(program);
  return program;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    throw err;
  }
  // Subcommands report failure by setting process.exitCode.
  return typeof process.exitCode === "number" ? process.exitCode : 0;
}
