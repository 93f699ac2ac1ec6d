/** `cnnlab i18n check [dir] [--lang L]`: lists markdown cells whose translation is missing or stale (exit 1 when any is). */
import * as fs from "fs";
import { Command } from "commander";
import { currentLang, LANGS, type Lang } from "../i18n/lang";
import { translator } from "../i18n/t";
import { checkLanguage } from "../i18n/check";
import { courseDir } from "./jupyter";
import { langOption } from "./options";

export function register(program: Command): void {
  const i18n = program.command("i18n").description("translations of the course (notebooks/i18n/<lang>/): check that they are complete and up to date");
  i18n
    .command("check")
    .description("list the markdown cells of every notebook whose translation is missing or stale (its English changed); exit 1 when there are any")
    .argument("[dir]", "the course folder (default: the course's notebooks/)")
    .option("--lang <lang>", "check only this language (pl, cs, sk, ru, es; default: all of them)", langOption("--lang"))
    .action((dirArg: string | undefined, opts: { lang?: Lang }) => {
      try {
        const dir = dirArg ?? courseDir();
        if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`[dir] must be a folder of notebooks, got ${JSON.stringify(dir)}`);
        if (opts.lang === "en") throw new Error(`--lang en: English is the source and has no translations to check; choose one of ${LANGS.filter((l) => l !== "en").join(", ")}`);
        const langs = opts.lang ? [opts.lang] : LANGS.filter((l) => l !== "en");
        let failed = false;
        // The report is in the user's language (CNNLAB_LANG); --lang chooses which translations are checked.
        const outputLang = currentLang();
        const tr = translator(outputLang);
        for (const lang of langs) {
          const r = checkLanguage(dir, lang, outputLang);
          const ok = r.problems.length === 0;
          failed ||= !ok;
          const summary = tr("i18n.summary", { lang, translated: r.translatedCells, cells: r.markdownCells, count: r.notebooks, words: r.translatedWords });
          console.log(`${summary}${ok ? "" : tr("i18n.toDo", { count: r.problems.length })}`);
          for (const p of r.problems) console.log(`  ${p}`);
          for (const o of r.orphans) console.log(`  ${tr("i18n.note", { note: o })}`);
        }
        if (failed) process.exitCode = 1;
      } catch (err) {
        console.error(`cnnlab i18n check: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    });
}
