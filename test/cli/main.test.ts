/**
 * `cnnlab --help`, `--version` and every command of the README's command table, spawned as a user
 * runs them (see ./spawn.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { cnnlab, PACKAGE_ROOT, removeTempDirs, tempDir } from "./spawn";

afterAll(removeTempDirs);

/** The commands of README.md's "The command line" table, e.g. "kernel install". */
function readmeCommands(): string[] {
  const readme = fs.readFileSync(path.join(PACKAGE_ROOT, "README.md"), "utf8");
  const section = readme.split(/^## The command line$/m)[1]?.split(/^## /m)[0] ?? "";
  return [...section.matchAll(/^\| `cnnlab ([a-z][a-z0-9]*(?: [a-z]+)?)/gm)].map((m) => m[1]);
}

describe("cnnlab --help", () => {
  it("lists every subcommand with a description and exits 0", () => {
    const r = cnnlab(["--help"], { cwd: tempDir() });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cnnlab \[options\] \[command\]/);
    for (const command of ["info", "kernel", "summary", "run", "jupyter", "strip", "assign", "grade"]) {
      expect(r.stdout).toMatch(new RegExp(`^  ${command} .*\\S`, "m"));
    }
  });

  it("--version prints package.json's version", () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string };
    const r = cnnlab(["--version"], { cwd: tempDir() });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it("an unknown command fails naming it", () => {
    const r = cnnlab(["sumary", "lenet5"], { cwd: tempDir() });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/unknown command 'sumary'/);
  });
});

describe("the README's command table", () => {
  const commands = readmeCommands();

  it("lists the commands (this test reads it)", () => {
    expect(commands).toEqual(expect.arrayContaining(["info", "run", "summary", "kernel install", "jupyter", "strip", "assign", "grade"]));
  });

  it.each(commands)("cnnlab %s --help exits 0 with its usage", (command) => {
    const r = cnnlab([...command.split(" "), "--help"], { cwd: tempDir() });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: cnnlab ${command} `));
  });
});
