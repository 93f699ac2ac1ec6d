import { DIVERGING_NEGATIVE, DIVERGING_POSITIVE, NOT_FINITE_COLOUR, diverging, grey } from "../../kernel-ext/colormap";

describe("colour maps", () => {
  it.each([
    ["grey 0 is black", grey(0), [0, 0, 0]],
    ["grey 1 is white", grey(1), [255, 255, 255]],
    ["grey 0.5 is mid grey (rounded)", grey(0.5), [128, 128, 128]],
    ["grey clamps above 1", grey(7), [255, 255, 255]],
    ["grey NaN is magenta", grey(NaN), [255, 0, 255]],
    ["diverging 0 is white", diverging(0), [255, 255, 255]],
    ["diverging −1 is blue", diverging(-1), [...DIVERGING_NEGATIVE]],
    ["diverging +1 is red", diverging(1), [...DIVERGING_POSITIVE]],
    ["diverging clamps below −1", diverging(-3), [...DIVERGING_NEGATIVE]],
    // Halfway between white (255) and the blue end (33, 102, 172): (255+33)/2 = 144, (255+102)/2 = 178.5 → 179, (255+172)/2 = 213.5 → 214.
    ["diverging −0.5 is halfway to blue", diverging(-0.5), [144, 179, 214]],
    ["diverging Infinity is magenta", diverging(Infinity), [...NOT_FINITE_COLOUR]],
  ])("%s", (_name, got, expected) => {
    expect([...got]).toEqual(expected);
  });
});
