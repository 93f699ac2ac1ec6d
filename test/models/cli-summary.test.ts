/**
 * `cnnlab summary`: the table on stdout, errors on stderr with exit code 1.
 * The subcommand is registered on a fresh program as lib/cli/main.ts does (main.ts
 * itself reads ../../../package.json relative to dist/, which jest's sources lack).
 */
import { Command, CommanderError } from "commander";
import { parseInputShape, register } from "../../lib/cli/summary";
import { useBackend } from "./helpers";

beforeAll(useBackend);

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
  const error = jest.spyOn(console, "error").mockImplementation((...a: unknown[]) => void err.push(a.join(" ")));
  const stdout = jest.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
  const stderr = jest.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
  process.exitCode = undefined;
  try {
    const program = new Command("cnnlab").exitOverride();
    register(program);
    let code: number;
    try {
      await program.parseAsync(argv, { from: "user" });
      code = typeof process.exitCode === "number" ? process.exitCode : 0;
    } catch (e) {
      if (!(e instanceof CommanderError)) throw e;
      code = e.exitCode;
    }
    return { code, out: out.join("\n"), err: err.join("\n") };
  } finally {
    process.exitCode = undefined;
    [log, error, stdout, stderr].forEach((s) => s.mockRestore());
  }
}

describe("cnnlab summary", () => {
  it("lenet5 prints the LeNet-5 table", async () => {
    const { code, out } = await run(["summary", "lenet5"]);
    expect(code).toBe(0);
    expect(out).toMatch(/C1\s+Conv2D\s+28x28x6\s+156\s+122,304/);
    expect(out).toMatch(/C3\s+PartialConv2D\s+10x10x16\s+1,516\s+151,600/);
  });

  it("--input and --classes change the model: resnet20 on 32x32x1 with 100 classes", async () => {
    const { code, out } = await run(["summary", "resnet20", "--input", "32x32x1", "--classes", "100"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^model resnet20, input 32x32x1/);
    expect(out).toMatch(/fc\s+Dense\s+100\s+6,500/);
  });

  it("--json prints the summary object", async () => {
    const { code, out } = await run(["summary", "lenet", "--json"]);
    expect(code).toBe(0);
    const s = JSON.parse(out);
    expect(s.totals.trainable).toBe(61706);
    expect(s.rows[1]).toMatchObject({ name: "conv1", type: "Conv2D", outputShape: [28, 28, 6], params: 156 });
  });

  it.each([
    { case: "unknown model", argv: ["summary", "lenet6"], msg: /cnnlab summary: buildModel: unknown model name "lenet6"; known models: lenet5, lenet,/ },
    { case: "input too small", argv: ["summary", "alexnet", "--input", "28x28x1"], msg: /input 28x28x1 is too small: layer "pool2" .*use "alexnet-small"/ },
    { case: "bad --input", argv: ["summary", "lenet", "--input", "28x28"], msg: /--input must be HxWxC with three positive integers, e.g. 32x32x3, got "28x28"/ },
    { case: "bad --classes", argv: ["summary", "lenet", "--classes", "ten"], msg: /--classes must be a positive integer, got "ten"/ },
  ])("$case: message on stderr, exit code 1", async ({ argv, msg }) => {
    const { code, err, out } = await run(argv);
    expect(code).toBe(1);
    expect(err).toMatch(msg);
    expect(out).toBe("");
  });

  it.each([
    ["32x32x3", [32, 32, 3]],
    ["227×227×3", [227, 227, 3]],
    ["28,28,1", [28, 28, 1]],
  ])("parseInputShape(%s)", (text, shape) => {
    expect(parseInputShape(text)).toEqual(shape);
  });
});
