/** `cnnlab assign` and the argument errors of `cnnlab grade` (no notebook process is started here). */
import * as fs from "fs";
import * as path from "path";
import { main } from "../../lib/cli/main";
import { studentVersion } from "../../lib/grading/assign";
import { readNotebook, serializeNotebook } from "../../lib/notebook/io";
import { freshDir, instructorDir, instructorNotebook, writeAll } from "./fixtures";

let dir: string;
let errors: string[];
let spy: jest.SpyInstance;

beforeEach(() => {
  dir = freshDir("cli");
  errors = [];
  spy = jest.spyOn(console, "error").mockImplementation((...args: unknown[]) => void errors.push(args.join(" ")));
  jest.spyOn(console, "log").mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
  process.exitCode = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

it("assign writes the student version next to x.instructor.ipynb", async () => {
  const { "tiny.instructor": file } = writeAll(dir, { "tiny.instructor": instructorNotebook() });
  expect(await main(["assign", file])).toBe(0);
  const written = fs.readFileSync(path.join(dir, "tiny.ipynb"), "utf8");
  expect(written).toBe(serializeNotebook(studentVersion(readNotebook(file), file)));
});

it.each([
  [["assign", "notes.txt"], 'cnnlab assign: <instructor> must be an .ipynb notebook, got "notes.txt"'],
  [["assign", "missing.ipynb"], "cnnlab assign: cannot read notebook missing.ipynb"],
  [["grade", "missing.ipynb", "-i", ".", "-a", "a1-conv"], 'cnnlab grade: <submissions>: no such file or folder "missing.ipynb"'],
])("%j fails with a message naming the argument", async (argv, message) => {
  expect(await main(argv)).toBe(1);
  expect(errors.join("\n")).toContain(message);
  expect(spy).toHaveBeenCalled();
});

it("grade names the unknown assignment and lists those in the instructor's folder", async () => {
  const { sub } = writeAll(dir, { sub: instructorNotebook() });
  expect(await main(["grade", sub, "-i", instructorDir(dir), "-a", "a9-nothing"])).toBe(1);
  expect(errors.join("\n")).toContain(`cnnlab grade: --assignment: no assignment named "a9-nothing" in ${path.join(dir, "instructor")}; expected one of: tiny`);
});

it("grade never takes the assignment from a submission: without --assignment it stops, naming the flag", async () => {
  // This submission names an assignment in its metadata; the grader must not use it.
  const { sub } = writeAll(dir, { sub: instructorNotebook({ name: "tiny" }) });
  expect(await main(["grade", sub, "-i", instructorDir(dir)])).toBe(1);
  expect(errors.join("\n")).toContain("cnnlab grade: --assignment <name>: name the assignment to grade, e.g. --assignment a1-conv (it is never taken from a submission)");
  expect(fs.existsSync(path.join(dir, "grades"))).toBe(false);
});

it.each(["../instructor/tiny", "/etc/passwd", "tiny.instructor.ipynb/..", ".."])("grade refuses --assignment %j: a plain name, never a path", async (name) => {
  const { sub } = writeAll(dir, { sub: instructorNotebook() });
  expect(await main(["grade", sub, "-i", instructorDir(dir), "-a", name])).toBe(1);
  expect(errors.join("\n")).toContain(`cnnlab grade: --assignment: expected a plain assignment name such as "a1-conv" (letters, digits, . _ -), got ${JSON.stringify(name)}`);
});

it("grade without --instructor names the flag", async () => {
  const { sub } = writeAll(dir, { sub: instructorNotebook() });
  expect(await main(["grade", sub, "-a", "tiny"])).toBe(1);
  expect(errors.join("\n")).toContain("cnnlab grade: --instructor <dir>: name the folder with the instructor notebooks");
});

it("grade rejects a bad --concurrency (commander prints the reason on stderr)", async () => {
  const { sub } = writeAll(dir, { sub: instructorNotebook() });
  const written: string[] = [];
  jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
  expect(await main(["grade", sub, "-j", "0"])).toBe(1);
  expect(written.join("")).toContain('--concurrency expects an integer >= 1, got "0"');
});
