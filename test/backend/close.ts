/** Test helper: each array of `actual` within `tolerance` of `expected`'s, relative to the largest |expected| value of that array. */
export function expectClose(actual: Float32Array[], expected: Float32Array[], tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, k) => {
    expect(a.length).toBe(expected[k].length);
    let diff = 0;
    let scale = 1e-12;
    for (let i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - expected[k][i]));
      scale = Math.max(scale, Math.abs(expected[k][i]));
    }
    expect(diff / scale).toBeLessThan(tolerance);
  });
}
