/*
 * Native multiply-add ceilings for bench/ceilings.ts: independent chains acc = acc * m + c on one
 * core, the same loop as the WebAssembly one, at each vector width this CPU has. Compiled by
 * ceilings.ts with `cc -O3 -march=native -ffp-contract=off` (so the mul+add variant stays two
 * instructions and only the explicit FMA intrinsics fuse). Prints one JSON line per variant.
 */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Enough independent chains to hide a 4–7 cycle latency at 2 instructions per cycle. */
#define CHAINS 12

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); /* CPU time: the machine is shared */
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/* One variant: VEC type, LANES floats, SET1 broadcast, STEP(a) the multiply-add of accumulator a,
 * FIRST(a) its first lane. Twelve named accumulators, so the compiler keeps them in registers. */
#define ALL(X) X(a0) X(a1) X(a2) X(a3) X(a4) X(a5) X(a6) X(a7) X(a8) X(a9) X(a10) X(a11)
#define VARIANT(NAME, VEC, LANES, SET1, STEP, FIRST)                                            \
  __attribute__((noinline)) static void NAME(long iters) {                                     \
    const VEC m = SET1(0.999999f), c = SET1(1e-6f);                                            \
    VEC a0 = SET1(1.000f), a1 = SET1(1.001f), a2 = SET1(1.002f), a3 = SET1(1.003f);            \
    VEC a4 = SET1(1.004f), a5 = SET1(1.005f), a6 = SET1(1.006f), a7 = SET1(1.007f);            \
    VEC a8 = SET1(1.008f), a9 = SET1(1.009f), a10 = SET1(1.010f), a11 = SET1(1.011f);          \
    double t0 = now();                                                                         \
    for (long n = 0; n < iters; n++) {                                                         \
      ALL(STEP)                                                                                \
      __asm__ volatile("" : "+v"(a0), "+v"(a1), "+v"(a2), "+v"(a3), "+v"(a4), "+v"(a5),       \
                       "+v"(a6), "+v"(a7), "+v"(a8), "+v"(a9), "+v"(a10), "+v"(a11));          \
    }                                                                                          \
    double s = now() - t0;                                                                     \
    float sink = 0;                                                                            \
    ALL(FIRST)                                                                                 \
    double madds = (double)iters * CHAINS * LANES;                                             \
    printf("{\"variant\":\"%s\",\"lanes\":%d,\"gmadd_per_s\":%.2f,\"check\":%g}\n", #NAME, LANES, \
           madds / s * 1e-9, sink);                                                            \
  }

#define SSE_MUL_ADD(a) a = _mm_add_ps(_mm_mul_ps(a, m), c);
#define SSE_FMA(a) a = _mm_fmadd_ps(a, m, c);
#define AVX2_FMA(a) a = _mm256_fmadd_ps(a, m, c);
#define AVX512_FMA(a) a = _mm512_fmadd_ps(a, m, c);
#define SSE_FIRST(a) sink += _mm_cvtss_f32(a);
#define AVX2_FIRST(a) sink += _mm256_cvtss_f32(a);
#define AVX512_FIRST(a) sink += _mm512_cvtss_f32(a);

VARIANT(sse_mul_add, __m128, 4, _mm_set1_ps, SSE_MUL_ADD, SSE_FIRST)
#ifdef __FMA__
VARIANT(sse_fma, __m128, 4, _mm_set1_ps, SSE_FMA, SSE_FIRST)
VARIANT(avx2_fma, __m256, 8, _mm256_set1_ps, AVX2_FMA, AVX2_FIRST)
#endif
#ifdef __AVX512F__
VARIANT(avx512_fma, __m512, 16, _mm512_set1_ps, AVX512_FMA, AVX512_FIRST)
#endif

int main(int argc, char **argv) {
  long iters = argc > 1 ? atol(argv[1]) : 100000000L;
  sse_mul_add(iters);
#ifdef __FMA__
  sse_fma(iters);
  avx2_fma(iters);
#endif
#ifdef __AVX512F__
  avx512_fma(iters);
#endif
  return 0;
}
