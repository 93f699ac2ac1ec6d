/** bench/run.ts's summary and argument checks (the benchmark itself is measured, not tested). */
import { main, median } from "../../bench/run";

describe("median", () => {
  it("takes the middle value of an odd count and the mean of the middle two of an even one, in any order", () => {
    expect(median([9787, 8445, 9001])).toBe(9001);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([0.71])).toBe(0.71);
  });
});

describe("bench's arguments", () => {
  it.each([
    [["--rounds", "0"], /--rounds must be a positive integer, got "0"/],
    [["--threads", "1.5"], /--threads must be a positive integer, got "1.5"/],
    [["--models", "vgg"], /--models: unknown model "vgg"; known: lenet, resnet20, alexnet, kerascnn/],
  ])("%j fails fast, naming the argument and the value", async (args, message) => {
    await expect(main(args as string[])).rejects.toThrow(message);
  });
});
