/** `cnnlab assign <instructor.ipynb> [-o student.ipynb]`: write the student version of an assignment. */
import { Command } from "commander";
import { readNotebook, writeNotebook } from "../notebook/io";
import { defaultStudentPath, studentVersion } from "../grading/assign";

export function register(program: Command): void {
  program
    .command("assign")
    .description("write the student version of an instructor notebook: solutions stubbed, hidden tests removed, outputs cleared")
    .argument("<instructor>", "the instructor notebook (.ipynb) with // BEGIN SOLUTION … // END SOLUTION regions")
    .option("-o, --out <file>", "the student notebook to write (default: x.instructor.ipynb → x.ipynb)")
    .action((instructor: string, opts: { out?: string }) => {
      try {
        if (!instructor.endsWith(".ipynb")) throw new Error(`<instructor> must be an .ipynb notebook, got ${JSON.stringify(instructor)}`);
        const out = opts.out ?? defaultStudentPath(instructor);
        if (out === instructor) throw new Error(`--out ${JSON.stringify(out)} would overwrite the instructor notebook; choose another file`);
        writeNotebook(out, studentVersion(readNotebook(instructor), instructor));
        console.log(`wrote ${out}`);
      } catch (err) {
        console.error(`cnnlab assign: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    });
}
