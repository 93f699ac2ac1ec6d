/** `cnnlab strip <notebook | folder>...`: remove outputs before committing notebooks. */
import { Command } from "commander";
import { readNotebook, serializeNotebook, writeNotebook } from "../notebook/io";
import { stripOutputs } from "../notebook/strip";
import { findNotebooks } from "../runner/find";

export function register(program: Command): void {
  program
    .command("strip")
    .description("remove outputs, execution counts and run records from notebooks (files or folders), in place")
    .argument("<paths...>", "notebooks (.ipynb) or folders of notebooks")
    .option("--check", "change nothing; exit non-zero if any notebook has outputs (for CI)", false)
    .action((paths: string[], opts: { check: boolean }) => {
      try {
        const dirty: string[] = [];
        for (const { file } of findNotebooks(paths)) {
          const nb = readNotebook(file);
          const clean = stripOutputs(nb);
          if (serializeNotebook(clean) === serializeNotebook(nb)) continue;
          dirty.push(file);
          if (!opts.check) writeNotebook(file, clean);
        }
        if (opts.check && dirty.length > 0) {
          console.error(`cnnlab strip --check: ${dirty.length} notebook(s) carry outputs: ${dirty.join(", ")}; run \`cnnlab strip\` on them`);
          process.exitCode = 1;
        } else {
          console.log(dirty.length ? `stripped ${dirty.join(", ")}` : "no outputs to strip");
        }
      } catch (err) {
        console.error(`cnnlab strip: ${(err as Error).message.replace(/^cnnlab run: /, "")}`);
        process.exitCode = 1;
      }
    });
}
