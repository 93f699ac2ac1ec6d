/**
 * What the commands print, in the user's language: `node bin/cnnlab.js …` in a fresh process and a temp
 * folder with CNNLAB_LANG (or --lang where the command has it), asserting the localised lines and that the
 * English wording of those lines is gone. (`cnnlab run`'s lines: cli.test.ts; `cnnlab grade`: the grading tests.)
 */
import * as fs from "fs";
import * as path from "path";
import { findJupyter } from "../../kernel-ext/kernelspec";
import { cnnlab, pathWithOnlyNode, removeTempDirs, tempDir } from "../cli/spawn";
import { LESSON_MD, writeCourse } from "./fixtures";
import { readNotebook, writeNotebook } from "../../lib/notebook/io";

afterAll(removeTempDirs);

/** The English words of the lines under test: none may be left in a localised run. */
const ENGLISH = /\b(wrote|notebooks?|other files?|not installed|installed|not found|kernel|skipped|markdown cells of|translated and up to date|words|to do|stale|no translation|layer|params|total|trainable|Opening|neither)\b/;

describe("cnnlab assign", () => {
  it("--lang pl: the student edition's line in Polish", () => {
    const dir = tempDir();
    writeCourse(dir);
    const r = cnnlab(["assign", path.join("course", "assignments", "tiny.instructor.ipynb"), "--lang", "pl", "-o", "hw.ipynb"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("zapisano hw.ipynb\n");
  });

  it("CNNLAB_LANG=ru, an English edition: the line follows the user's language", () => {
    const dir = tempDir();
    writeCourse(dir);
    const r = cnnlab(["assign", path.join("course", "assignments", "tiny.instructor.ipynb"), "-o", "hw.ipynb"], { cwd: dir, env: { CNNLAB_LANG: "ru" } });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("записан hw.ipynb\n");
    expect(readNotebook(path.join(dir, "hw.ipynb")).metadata.cnnlab).not.toMatchObject({ lang: "ru" }); // the edition itself stays English
  });

  it("a folder with --lang pl: counts with Polish plural forms", () => {
    const dir = tempDir();
    writeCourse(dir);
    const r = cnnlab(["assign", "course", "--out", "student", "--lang", "pl"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    // 2 notebooks (the lesson, the assignment's student edition): "2 notatniki"; the other files counted in the right form.
    expect(r.stdout).toMatch(/^zapisano student: 2 notatniki, \d+ (inny plik|inne pliki|innych plików)\n$/);
    expect(r.stdout).not.toMatch(ENGLISH);
  });
});

describe("cnnlab info", () => {
  it("CNNLAB_LANG=pl without Jupyter: backend, skipped rungs, versions not installed and the Jupyter hint in Polish", () => {
    const r = cnnlab(["info"], { cwd: tempDir(), path: pathWithOnlyNode(), env: { CNNLAB_LANG: "pl" } });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toContainEqual(expect.stringMatching(/^backend: (tensorflow|webgpu|wasm|cpu) \(/));
    expect(lines).toContainEqual(expect.stringMatching(/^tfjs-node (nie zainstalowano|\d+\.\d+\.\d+), tfjs-node-gpu (nie zainstalowano|\d+\.\d+\.\d+)$/));
    for (const line of lines.filter((l) => l.startsWith("  "))) expect(line).toMatch(/^ {2}pominięto [a-z-]+: \S/);
    expect(lines[lines.length - 1]).toMatch(/^jupyter: nie ma go w PATH; zainstaluj JupyterLab poleceniem `pip install jupyterlab plotly` \(plotly: interaktywne wykresy .*\) albo klasyczny Notebook poleceniem `sudo apt-get install -y jupyter-notebook/);
    // The skipped rungs' reasons come from the backends (developers' words); the lines around them are localised.
    // (Commands in backquotes, such as `apt-get install -y jupyter-notebook`, are not words to translate.)
    expect(lines.filter((l) => !l.startsWith("  ")).join("\n").replace(/`[^`]*`/g, "")).not.toMatch(ENGLISH);
  });

  it("CNNLAB_LANG=es with Jupyter on PATH, no kernel installed: the kernel's status in Spanish", () => {
    if (findJupyter() === null) throw new Error("this test needs Jupyter on PATH (.ci/run installs it)");
    const r = cnnlab(["info"], { cwd: tempDir(), env: { CNNLAB_LANG: "es", CNNLAB_BACKEND: "cpu" } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^jupyter .+; núcleo de cnnlab no instalado \(npx cnnlab kernel install --user\)$/m);
    expect(r.stdout).not.toMatch(/not installed|cnnlab kernel not/);
  });
});

describe("cnnlab kernel", () => {
  it("install --prefix with CNNLAB_LANG=pl: both lines in Polish", () => {
    if (findJupyter() === null) throw new Error("this test needs Jupyter on PATH (.ci/run installs it)");
    const dir = tempDir();
    const r = cnnlab(["kernel", "install", "--prefix", "venv"], { cwd: dir, env: { CNNLAB_LANG: "pl" } });
    expect(r.status).toBe(0);
    const kernelDir = path.join(dir, "venv", "share", "jupyter", "kernels", "cnnlab");
    expect(r.stdout).toBe(`Zainstalowano jądro „TypeScript (cnnlab)” w ${kernelDir}\nJupyter znajdzie je przy JUPYTER_PATH=${path.join(dir, "venv", "share", "jupyter")}\n`);
    expect(fs.existsSync(path.join(kernelDir, "kernel.json"))).toBe(true);
    // Jupyter now finds it there: `kernel status` says so, in Czech.
    const status = cnnlab(["kernel", "status"], { cwd: dir, env: { CNNLAB_LANG: "cs", JUPYTER_PATH: path.join(dir, "venv", "share", "jupyter") } });
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/^jupyter: .+\njádro cnnlab: nainstalováno\n$/);
  });

  it("status with CNNLAB_LANG=cs and no kernel: Czech, exit 1", () => {
    if (findJupyter() === null) throw new Error("this test needs Jupyter on PATH (.ci/run installs it)");
    const r = cnnlab(["kernel", "status"], { cwd: tempDir(), env: { CNNLAB_LANG: "cs" } });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^jupyter: .+\njádro cnnlab: není nainstalováno \(spusťte: cnnlab kernel install\)\n$/);
  });

  it("install without Jupyter, CNNLAB_LANG=ru: the error and the install hint in Russian", () => {
    const r = cnnlab(["kernel", "install", "--prefix", "venv"], { cwd: tempDir(), path: pathWithOnlyNode(), env: { CNNLAB_LANG: "ru" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^cnnlab kernel install: Jupyter не найден в PATH; установите JupyterLab командой `pip install jupyterlab plotly` .* или классический Notebook командой `sudo apt-get install .*, затем снова выполните `cnnlab kernel install`\.$/m);
    expect(r.stderr).not.toMatch(/was not found|install JupyterLab with/);
  });
});

describe("cnnlab summary", () => {
  it.each([
    ["pl", ["warstwa", "typ", "wyjście", "parametry", "połączenia", "mnożenia-dodawania"], "razem", /^uczone 61,706, nieuczone 0$/m],
    ["ru", ["слой", "тип", "выход", "параметры", "связи", "умножения-сложения"], "всего", /^обучаемые 61,706, необучаемые 0$/m],
  ])("CNNLAB_LANG=%s: the table's head, total and trainable lines", (lang, header, total, trainable) => {
    const r = cnnlab(["summary", "lenet"], { cwd: tempDir(), env: { CNNLAB_LANG: lang } });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[1].split(/\s{2,}/)).toEqual(header);
    expect(r.stdout).toMatch(new RegExp(`^${total} +61,706`, "m"));
    expect(r.stdout).toMatch(trainable);
    expect(r.stdout).not.toMatch(ENGLISH);
  });
});

describe("cnnlab i18n check", () => {
  it("CNNLAB_LANG=pl: counts, problems and the missing file in Polish; --lang still chooses what is checked", () => {
    const course = writeCourse(tempDir());
    const file = path.join(course, "lesson.ipynb");
    const nb = readNotebook(file);
    nb.cells[0].source = LESSON_MD.intro.replace("largest", "biggest");
    writeNotebook(file, nb);
    const r = cnnlab(["i18n", "check", course], { cwd: course, env: { CNNLAB_LANG: "pl" } });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^pl: przetłumaczone i aktualne komórki markdown: 2\/3 z 2 notatników \(słów: \d+\); do zrobienia: 1:$/m);
    expect(r.stdout).toContain('  lesson.ipynb: komórka 1 (id "m1"): nieaktualne (jej angielski tekst zmienił się od tłumaczenia)');
    expect(r.stdout).toMatch(/^cs: przetłumaczone i aktualne komórki markdown: 0\/3 z 2 notatników \(słów: 0\); do zrobienia: 2:$/m);
    expect(r.stdout).toContain(`  lesson.ipynb: brak pliku tłumaczenia ${path.join("i18n", "cs", "lesson.json")} (2 komórki markdown)`);
    expect(r.stdout).not.toMatch(ENGLISH);
  });

  it("CNNLAB_LANG=es, --lang pl up to date: one line in Spanish, exit 0", () => {
    const course = writeCourse(tempDir());
    const r = cnnlab(["i18n", "check", course, "--lang", "pl"], { cwd: course, env: { CNNLAB_LANG: "es" } });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^pl: 3\/3 celdas markdown de 2 cuadernos traducidas y al día \(\d+ palabras\)\n$/);
  });
});

describe("cnnlab jupyter", () => {
  it("CNNLAB_LANG=sk without Jupyter: why it cannot open, and the install hint, in Slovak", () => {
    const dir = tempDir();
    const r = cnnlab(["jupyter", dir, "--no-browser"], { cwd: dir, path: pathWithOnlyNode(), env: { CNNLAB_LANG: "sk" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^cnnlab jupyter: Jupyter sa v PATH nenašiel; nainštalujte JupyterLab príkazom `pip install jupyterlab plotly` .* alebo klasický Notebook príkazom `sudo apt-get install/m);
    expect(r.stderr).not.toMatch(/was not found|install JupyterLab with/);
  });
});
