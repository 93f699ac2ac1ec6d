/** `cnnlab info`: versions, the chosen backend and why, Jupyter and kernel status (words in the CNNLAB_LANG language). */
import { Command } from "commander";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend";
import { jupyterInstallHint, jupyterStatus } from "../../kernel-ext/kernelspec";
import { t } from "../i18n/t";

function installedVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return t("info.notInstalled");
  }
}

export async function info(): Promise<string[]> {
  const lines = [
    `cnnlab ${installedVersion("cnnlab")}`,
    `node ${process.version} (${process.platform}-${process.arch})`,
    `tfjs ${tf.version.tfjs}, tfjs-backend-wasm ${installedVersion("@tensorflow/tfjs-backend-wasm")}`,
    `tfjs-node ${installedVersion("@tensorflow/tfjs-node")}, tfjs-node-gpu ${installedVersion("@tensorflow/tfjs-node-gpu")}`,
    `tfjs-backend-webgpu ${installedVersion("@tensorflow/tfjs-backend-webgpu")}, webgpu (Dawn) ${installedVersion("webgpu")}`,
    `tslab ${installedVersion("tslab")}`,
  ];
  const choice = await initBackend({ verbose: false });
  lines.push(t("info.backend", { detail: choice.detail }));
  for (const { rung, why } of choice.skipped) lines.push(t("info.skipped", { rung, why }));
  const jupyter = jupyterStatus();
  lines.push(jupyter.jupyter
    ? t("info.jupyter", { version: jupyter.jupyter, kernel: t(jupyter.kernel ? "kernel.installed" : "info.kernelMissing") })
    : t("info.noJupyter", { hint: jupyterInstallHint() }));
  return lines;
}

export function register(program: Command): void {
  program
    .command("info")
    .description("print versions of node, tfjs and tslab, the chosen backend and why, and Jupyter status")
    .action(async () => {
      for (const line of await info()) console.log(line);
    });
}
