/* A native reference for `npm run bench`: the paper case's f32 multi-pass step (ReLU) with the
 * algorithm of assembly/gdStep.ts and assembly/rowBlock.ts, in C with 128-bit SSE and no FMA
 * (what WebAssembly SIMD128 offers): blocks of 8 rows; products by 4 rows x 2 neurons, summed in
 * f32 lanes over segments of 64 elements and then in double; updates one neuron at a time over
 * the block's rows with a nonzero coefficient; the f32 accumulator flushed to double every
 * 32 rows. It tells how far V8's code for the same loops is from what gcc makes of them.
 *
 * usage: gd_ref d n repeats   prints the best step time in milliseconds
 */
#include <emmintrin.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { ROWS = 8, SEG = 64, FLUSH = 32, P = 2 };

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

/* s + double(lanes 0, 1 of a + lanes 2, 3 of a), as assembly/rowBlock.ts widens a segment. */
static void widen(__m128 a, __m128d *s) {
  *s = _mm_add_pd(*s, _mm_cvtps_pd(_mm_add_ps(a, _mm_movehl_ps(a, a))));
}

/* out[b*P + j] = x_b . w_j for four rows and two neurons. */
static void dot_quad_pair(const float *x[4], const float *w0, const float *w1, int ld, double *out) {
  __m128d s[8];
  for (int k = 0; k < 8; k++) s[k] = _mm_setzero_pd();
  for (int i = 0; i < ld;) {
    int end = i + SEG < ld ? i + SEG : ld;
    __m128 a[8];
    for (int k = 0; k < 8; k++) a[k] = _mm_setzero_ps();
    for (; i < end; i += 4) {
      __m128 v0 = _mm_load_ps(w0 + i), v1 = _mm_load_ps(w1 + i);
      for (int b = 0; b < 4; b++) {
        __m128 xv = _mm_load_ps(x[b] + i);
        a[2 * b] = _mm_add_ps(a[2 * b], _mm_mul_ps(v0, xv));
        a[2 * b + 1] = _mm_add_ps(a[2 * b + 1], _mm_mul_ps(v1, xv));
      }
    }
    for (int k = 0; k < 8; k++) widen(a[k], &s[k]);
  }
  for (int k = 0; k < 8; k++) {
    double t[2];
    _mm_storeu_pd(t, s[k]);
    out[k] = t[0] + t[1];
  }
}

/* g += sum_b c_b x_b over m rows (the compiler specializes each constant m). */
#define UPDATE(M)                                                          \
  static void update_##M(float *g, const float *const *x, const float *c, int ld) { \
    __m128 k[M];                                                           \
    for (int b = 0; b < M; b++) k[b] = _mm_set1_ps(c[b]);                  \
    for (int i = 0; i < ld; i += 4) {                                      \
      __m128 u = _mm_load_ps(g + i);                                       \
      for (int b = 0; b < M; b++) u = _mm_add_ps(u, _mm_mul_ps(k[b], _mm_load_ps(x[b] + i))); \
      _mm_store_ps(g + i, u);                                              \
    }                                                                      \
  }
UPDATE(1) UPDATE(2) UPDATE(3) UPDATE(4) UPDATE(5) UPDATE(6) UPDATE(7) UPDATE(8)
static void (*const update[9])(float *, const float *const *, const float *, int) = {
  0, update_1, update_2, update_3, update_4, update_5, update_6, update_7, update_8};

static double step(const float *X, int n, int ld, int d, const double *y, const float *W, const double *a, float *Gblk, double *G) {
  const double scale = 1 / sqrt((double)d);
  double loss = 0, u[ROWS * P];
  memset(G, 0, sizeof(double) * P * ld);
  memset(Gblk, 0, sizeof(float) * P * ld);
  int pending = 0;
  for (int i0 = 0; i0 < n; i0 += ROWS) {
    int r = n - i0 < ROWS ? n - i0 : ROWS;
    for (int q = 0; q < r; q += 4) {
      const float *x[4];
      for (int b = 0; b < 4; b++) x[b] = X + (size_t)(i0 + (q + b < r ? q + b : r - 1)) * ld;
      dot_quad_pair(x, W, W + ld, ld, u + q * P);
    }
    for (int j = 0; j < P; j++) {
      const float *rows[ROWS];
      float coef[ROWS];
      int m = 0;
      for (int b = 0; b < r; b++) {
        double yhat = 0;
        for (int jj = 0; jj < P; jj++) yhat += a[jj] * fmax(u[b * P + jj] * scale, 0);
        double res = yhat - y[i0 + b];
        if (j == 0) loss += res * res;
        float c = (float)(res * a[j] * (u[b * P + j] * scale > 0));
        if (c != 0) {
          rows[m] = X + (size_t)(i0 + b) * ld;
          coef[m++] = c;
        }
      }
      if (m > 0) update[m](Gblk + (size_t)j * ld, rows, coef, ld);
    }
    pending += r;
    if (pending == FLUSH || i0 + r == n) {
      for (int k = 0; k < P * ld; k++) {
        G[k] += Gblk[k];
        Gblk[k] = 0;
      }
      pending = 0;
    }
  }
  return 0.5 * loss / n;
}

int main(int argc, char **argv) {
  int d = argc > 1 ? atoi(argv[1]) : 5000, n = argc > 2 ? atoi(argv[2]) : 15000, repeats = argc > 3 ? atoi(argv[3]) : 5;
  int ld = (d + 3) / 4 * 4;
  float *X = aligned_alloc(64, sizeof(float) * (size_t)n * ld), *W = aligned_alloc(64, sizeof(float) * P * ld);
  float *Gblk = aligned_alloc(64, sizeof(float) * P * ld);
  double *G = aligned_alloc(64, sizeof(double) * P * ld), *y = malloc(sizeof(double) * n), a[P] = {1, -1};
  unsigned long long s = 88172645463325252ull;
  for (size_t k = 0; k < (size_t)n * ld; k++) {
    s ^= s << 13, s ^= s >> 7, s ^= s << 17;
    X[k] = (float)((double)(s >> 11) / 9007199254740992.0 - 0.5) * 3.4641f; /* variance 1 */
  }
  for (int k = 0; k < P * ld; k++) W[k] = X[(size_t)k * 7 % ((size_t)n * ld)];
  for (int k = 0; k < n; k++) y[k] = 0.3;
  double best = 1e30, sink = 0;
  for (int rep = 0; rep < repeats; rep++) {
    double t0 = now_ms();
    sink += step(X, n, ld, d, y, W, a, Gblk, G);
    double t = now_ms() - t0;
    if (t < best) best = t;
  }
  printf("%.3f %g\n", best, sink + G[0]);
  return 0;
}
