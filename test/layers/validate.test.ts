/** `show`: how argument errors print the value they received. */
import { positiveInt, show } from "../../lib/layers/validate";

describe("show", () => {
  it.each([
    [3, "3"],
    [NaN, "NaN"],
    [undefined, "undefined"],
    ["same", '"same"'],
    [[1, 2], "[1,2]"],
    // Nested values JSON cannot spell stay what they are, instead of JSON's null (or nothing).
    [[NaN, 3], "[NaN,3]"],
    [{ strides: [Infinity, -Infinity] }, '{"strides":[Infinity,-Infinity]}'],
    [[1, undefined], "[1,undefined]"],
    [{ a: undefined, b: 1 }, '{"a":undefined,"b":1}'],
    [[null], "[null]"],
    // A string that merely looks like a mark is left alone.
    [["NaN"], '["NaN"]'],
  ])("show(%p) is %s", (value, expected) => {
    expect(show(value)).toBe(expected);
  });

  it("does not throw on values JSON cannot write (cycles, BigInt)", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(show(cycle)).toBe("[object Object]");
    expect(show(10n)).toBe("10");
  });

  it("is what argument errors print", () => {
    expect(() => positiveInt("Conv2D", "filters", [NaN])).toThrow("Conv2D: filters must be a positive integer, got [NaN]");
  });
});
