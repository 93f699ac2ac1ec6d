/** `cnnlab assign` and the argument errors of `cnnlab grade` (no notebook process is started here). */
import * as fs from "fs";
import * as path from "path";
import { main } from "../../lib/cli/main";
import { studentVersion } from "../../lib/grading/assign";
import { readNotebook, serializeNotebook } from "../../lib/notebook/io";
import { freshDir, instructorNotebook, writeAll } from "./fixtures";

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
  [["grade", "missing.ipynb", "-a", "a1-conv"], 'cnnlab grade: <submissions>: expected existing .ipynb files, got "missing.ipynb"'],
])("%j fails with a message naming the argument", async (argv, message) => {
  expect(await main(argv)).toBe(1);
  expect(errors.join("\n")).toContain(message);
  expect(spy).toHaveBeenCalled();
});

it("grade names the unknown assignment and lists the known ones", async () => {
  const { sub } = writeAll(dir, { sub: instructorNotebook() });
  expect(await main(["grade", sub, "-a", "a9-nothing"])).toBe(1);
  expect(errors.join("\n")).toContain('cnnlab grade: --assignment: no assignment named "a9-nothing"; expected a path to an instructor .ipynb or one of: a1-conv, a2-pool-bn, a3-lenet');
});

it("grade rejects a bad --concurrency (commander prints the reason on stderr)", async () => {
  const { sub } = writeAll(dir, { sub: instructorNotebook() });
  const written: string[] = [];
  jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
  expect(await main(["grade", sub, "-j", "0"])).toBe(1);
  expect(written.join("")).toContain('--concurrency expects an integer >= 1, got "0"');
});
