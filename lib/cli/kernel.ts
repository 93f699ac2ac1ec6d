/** `cnnlab kernel install [--user | --prefix DIR]` and `cnnlab kernel status`. */
import * as path from "path";
import { Command } from "commander";
import { KERNEL_DISPLAY_NAME, installKernel, jupyterStatus, noJupyter } from "../../kernel-ext/kernelspec";
import { t } from "../i18n/t";

export function register(program: Command): void {
  const kernel = program.command("kernel").description(`manage the "${KERNEL_DISPLAY_NAME}" Jupyter kernel`);
  kernel
    .command("install")
    .description("register the cnnlab kernel (this package's tslab) with Jupyter")
    .option("--user", "install into the per-user kernels folder (default unless root)")
    .option("--prefix <dir>", "install into DIR/share/jupyter/kernels (e.g. a virtualenv)")
    .action((options: { user?: boolean; prefix?: string }) => {
      try {
        const where = installKernel({ user: options.user, prefix: options.prefix });
        console.log(t("kernel.installedIn", { name: KERNEL_DISPLAY_NAME, where }));
        if (options.prefix) console.log(t("kernel.jupyterPath", { path: path.resolve(options.prefix, "share", "jupyter") }));
      } catch (err) {
        console.error(`cnnlab kernel install: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    });
  kernel
    .command("status")
    .description("say whether Jupyter and the cnnlab kernel are installed")
    .action(() => {
      const status = jupyterStatus();
      if (!status.jupyter) {
        console.log(noJupyter());
        process.exitCode = 1;
        return;
      }
      console.log(`jupyter: ${status.jupyter}`);
      console.log(t("kernel.status", { status: t(status.kernel ? "kernel.installed" : "kernel.notInstalled") }));
      if (!status.kernel) process.exitCode = 1;
    });
}
