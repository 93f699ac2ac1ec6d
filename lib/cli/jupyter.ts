/**
 * `cnnlab jupyter` (npm run jupyter): installs the cnnlab kernel, then opens the course in
 * JupyterLab, or in the classic Notebook when JupyterLab is not installed.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Command } from "commander";
import { packageRoot } from "../package-root";
import { jupyterVersion } from "../runner/jupyter";
import { jupyterInstallHint } from "../../kernel-ext/kernelspec";
import { currentLang, type Lang } from "../i18n/lang";
import { translator } from "../i18n/t";
import { writeLocalisedCourse } from "../i18n/course-copy";
import { langOption } from "./options";

/** The course notebooks shipped with the package. */
export function courseDir(): string {
  return path.join(packageRoot(), "notebooks");
}

/** Where `--lang L` writes the localised copy of the course: notebooks-L/ beside notebooks/ (git-ignored). */
export function localisedCourseDir(lang: Lang): string {
  return path.join(packageRoot(), `notebooks-${lang}`);
}

/** Which Jupyter front end to open: JupyterLab first, else the classic Notebook, else none. */
export function chooseJupyterApp(env: NodeJS.ProcessEnv = process.env): "lab" | "notebook" | null {
  if (jupyterVersion(env) === null) return null;
  for (const app of ["lab", "notebook"] as const) {
    const r = spawnSync("jupyter", [app, "--version"], { encoding: "utf8", env });
    if (!r.error && r.status === 0) return app;
  }
  return null;
}

/** Runs `cnnlab kernel install --user` when that subcommand exists; says so when it does not. */
function installKernel(program: Command): boolean {
  if (!program.commands.some((c) => c.name() === "kernel")) {
    console.error("cnnlab jupyter: this build has no `cnnlab kernel install`; install the kernel by hand (`npx tslab install`) and choose it in Jupyter");
    return false;
  }
  const bin = path.join(packageRoot(), "bin", "cnnlab.js");
  const r = spawnSync(process.execPath, [bin, "kernel", "install", "--user"], { stdio: "inherit" });
  return r.status === 0;
}

export function register(program: Command): void {
  program
    .command("jupyter")
    .description("install the cnnlab Jupyter kernel and open the course in JupyterLab (or the classic Notebook)")
    .argument("[dir]", "folder to open (default: the course's notebooks/)")
    .option("--no-browser", "start the server without opening a browser")
    .option("--lang <lang>", "open the course in this language (en, pl, cs, sk, ru, es): a localised copy written to notebooks-<lang>/ beside notebooks/ (your edits there are kept)", langOption("--lang"))
    .action(async (dirArg: string | undefined, opts: { browser: boolean; lang?: Lang }) => {
      let dir = dirArg ?? courseDir();
      // What it prints is in the course's language (--lang), else the user's (CNNLAB_LANG).
      const lang = opts.lang ?? currentLang();
      const tr = translator(lang);
      if (opts.lang && opts.lang !== "en") {
        if (dirArg !== undefined) {
          console.error(`cnnlab jupyter: --lang opens a localised copy of the course; give either [dir] or --lang, not both (got ${JSON.stringify(dirArg)} and --lang ${opts.lang})`);
          process.exitCode = 1;
          return;
        }
        try {
          const to = localisedCourseDir(opts.lang);
          const copy = writeLocalisedCourse(courseDir(), to, opts.lang);
          const kept = copy.kept.length ? tr("jupyter.kept", { count: copy.kept.length }) : "";
          console.log(tr("jupyter.localised", { lang: opts.lang, dir: to, count: copy.written.length, kept }));
          dir = to;
        } catch (err) {
          console.error(`cnnlab jupyter: --lang ${opts.lang}: ${(err as Error).message}`);
          process.exitCode = 1;
          return;
        }
      }
      if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
        console.error(`cnnlab jupyter: [dir] must be an existing folder, got ${JSON.stringify(dir)}`);
        process.exitCode = 1;
        return;
      }
      const app = chooseJupyterApp();
      if (app === null) {
        const why = tr(jupyterVersion() === null ? "jupyter.notFound" : "jupyter.noApp");
        console.error(`cnnlab jupyter: ${why}; ${jupyterInstallHint(lang)}`);
        process.exitCode = 1;
        return;
      }
      if (!installKernel(program)) console.error("cnnlab jupyter: going on without installing the kernel; pick the cnnlab kernel in Jupyter if it is there");
      // Jupyter refuses to start as root (common in containers) unless told it is deliberate.
      const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
      const args = [app, ...(opts.browser ? [] : ["--no-browser"]), ...(asRoot ? ["--allow-root"] : [])];
      console.log(tr("jupyter.opening", { dir: path.resolve(dir), app: tr(app === "lab" ? "jupyter.lab" : "jupyter.classic"), args: args.join(" ") }));
      // Kernels inherit the server's environment: with --lang the library prints in that language.
      const env = opts.lang ? { ...process.env, CNNLAB_LANG: opts.lang } : process.env;
      const child = spawn("jupyter", args, { cwd: dir, stdio: "inherit", env });
      // Ctrl+C reaches Jupyter too, which asks to confirm; we stay until it has shut down.
      const ignoreInterrupt = () => undefined;
      process.on("SIGINT", ignoreInterrupt);
      child.on("exit", () => process.off("SIGINT", ignoreInterrupt));
      await new Promise<void>((resolve) => {
        child.on("exit", (code) => {
          if (code) process.exitCode = code;
          resolve();
        });
        child.on("error", (err) => {
          console.error(`cnnlab jupyter: could not start jupyter ${app}: ${err.message}`);
          process.exitCode = 1;
          resolve();
        });
      });
    });
}
