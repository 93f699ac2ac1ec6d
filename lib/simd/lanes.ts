// AssemblyScript: partial vectors, for the tail of a row whose length is not a multiple of 4.

// The first `lanes` floats at p (1–4) as a vector, zeros after them: never reads past them.
@inline export function loadLanes(p: usize, lanes: i32): v128 {
  if (lanes == 4) return v128.load(p);
  if (lanes == 2) return v128.load64_zero(p);
  if (lanes == 1) return v128.load32_zero(p);
  return v128.load32_lane(p, v128.load64_zero(p), 2, 8);
}

// Stores the first `lanes` floats of v at p (1–4).
@inline export function storeLanes(p: usize, v: v128, lanes: i32): void {
  if (lanes == 4) { v128.store(p, v); return; }
  if (lanes & 2) v128.store64_lane(p, v, 0);
  if (lanes == 1) v128.store32_lane(p, v, 0);
  if (lanes == 3) v128.store32_lane(p, v, 2, 8);
}
