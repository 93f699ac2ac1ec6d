/** `cnnlab run <notebook | folder>...`: execute notebooks headlessly, write executed .ipynb + HTML reports. */
import { Command, InvalidArgumentError } from "commander";
import { runNotebooks } from "../runner/run";
import type { Lang } from "../i18n/lang";
import { langOption } from "./options";

/** A parser of seconds >= 0, whose error says what 0 means for the option. */
const secondsWhereZeroIs = (zero: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected a number of seconds >= 0 (0 = ${zero}), got ${JSON.stringify(value)}`);
  return n;
};
const seconds = secondsWhereZeroIs("no limit");
const progressSeconds = secondsWhereZeroIs("every update");

export function register(program: Command): void {
  program
    .command("run")
    .description("execute notebooks (files or folders, in sorted order) and write executed .ipynb files and HTML reports")
    .argument("<paths...>", "notebooks (.ipynb) or folders of notebooks")
    .option("-o, --out <dir>", "folder for executed notebooks and reports", "reports")
    .option("--jupyter", "execute through Jupyter (nbconvert + the cnnlab kernel) instead of in-process", false)
    .option("--quick", "set CNNLAB_QUICK=1 so notebooks use tiny data and few epochs", false)
    .option("--cell-timeout <seconds>", "stop a notebook whose cell runs longer than this (0 = no limit)", seconds, 0)
    .option("--lang <lang>", "run the notebooks in this language (en, pl, cs, sk, ru, es): markdown from notebooks/i18n/<lang>/, library output in that language, reports in <out>/<lang>/", langOption("--lang"))
    .option("--progress-every <seconds>", "when the output is not a terminal, print the live progress line at most this often (0 = every update)", progressSeconds, 30)
    .action(async (paths: string[], opts: { out: string; jupyter: boolean; quick: boolean; cellTimeout: number; progressEvery: number; lang?: Lang }) => {
      try {
        const summaries = await runNotebooks({
          paths, outDir: opts.out, jupyter: opts.jupyter, quick: opts.quick, cellTimeoutS: opts.cellTimeout, lang: opts.lang,
          progress: process.stdout, progressEveryS: opts.progressEvery,
        });
        if (summaries.some((s) => !s.ok)) process.exitCode = 1;
      } catch (err) {
        console.error(`cnnlab run: ${(err as Error).message.replace(/^cnnlab run: /, "")}`);
        process.exitCode = 1;
      }
    });
}
