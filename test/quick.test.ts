/** quickMode() and pick() read CNNLAB_QUICK. */
import { pick, quickMode } from "../lib/quick";

const saved = process.env.CNNLAB_QUICK;
afterEach(() => {
  if (saved === undefined) delete process.env.CNNLAB_QUICK;
  else process.env.CNNLAB_QUICK = saved;
});

describe("quickMode", () => {
  it.each([
    [undefined, false],
    ["", false],
    ["0", false],
    ["off", false],
    ["1", true],
    ["true", true],
    [" YES ", true],
    ["on", true],
  ])("CNNLAB_QUICK=%p → %p", (value, expected) => {
    if (value === undefined) delete process.env.CNNLAB_QUICK;
    else process.env.CNNLAB_QUICK = value;
    expect(quickMode()).toBe(expected);
    expect(pick("quick", "full")).toBe(expected ? "quick" : "full");
  });

  it("rejects a value that is neither, repeating it", () => {
    process.env.CNNLAB_QUICK = "2";
    expect(() => quickMode()).toThrow('CNNLAB_QUICK must be one of 1, true, yes, on (quick) or 0, false, no, off (full); got "2"');
  });
});
