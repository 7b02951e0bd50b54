/* A native reference for `npm run bench`: the paper case's f32 multi-pass step (ReLU) with the
 * algorithm of assembly/gdStep.ts and assembly/rowBlock.ts, in C with 128-bit SSE and no FMA
 * (what WebAssembly SIMD128 offers): blocks of 8 rows, block k taking row k of each of 8 lanes
 * of n/8 consecutive rows; the products of block k + 1 and the updates of block k in one pass
 * over the elements, a segment of 64 elements at a time (the first half of the segment for both
 * quads of rows, the updates of neuron 0, the second half, the updates of neuron 1); products
 * by 4 rows x 2 neurons, summed in f32 lanes over the segment and then in double;
 * updates over the block's rows with a nonzero coefficient, summed pairwise; the f32
 * accumulator flushed to double, segment by segment, every 128 rows. It tells how far V8's
 * code for the same loops is from what gcc makes of them.
 *
 * usage: gd_ref d n repeats   prints the best step time in milliseconds
 */
#include <emmintrin.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { ROWS = 8, SEG = 64, FLUSH = 128, P = 2 };

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

/* s + double(lanes 0, 1 of a + lanes 2, 3 of a), as assembly/rowBlock.ts widens a segment. */
static void widen(__m128 a, __m128d *s) {
  *s = _mm_add_pd(*s, _mm_cvtps_pd(_mm_add_ps(a, _mm_movehl_ps(a, a))));
}

/* The span [i, end) of a segment of x_b . w_j for four rows and two neurons into the f32 lane sums a[2b + j]. */
static void dot_quad_pair_span(const float *const *x, const float *w0, const float *w1, int i, int end, __m128 *a) {
  for (; i < end; i += 4) {
    __m128 v0 = _mm_load_ps(w0 + i), v1 = _mm_load_ps(w1 + i);
    for (int b = 0; b < 4; b++) {
      __m128 xv = _mm_load_ps(x[b] + i);
      a[2 * b] = _mm_add_ps(a[2 * b], _mm_mul_ps(v0, xv));
      a[2 * b + 1] = _mm_add_ps(a[2 * b + 1], _mm_mul_ps(v1, xv));
    }
  }
}

/* t[0] + ... + t[m-1] summed pairwise: ((t0 + t1) + (t2 + t3)) + ((t4 + t5) + (t6 + t7)), a
 * missing term leaving its partner alone, as assembly/rowBlock.ts sums a block's terms. */
static inline __m128 pair_sum(int m, const __m128 *t) {
  __m128 s = t[0];
  if (m > 1) s = _mm_add_ps(s, t[1]);
  if (m > 2) s = _mm_add_ps(s, m > 3 ? _mm_add_ps(t[2], t[3]) : t[2]);
  if (m > 4) {
    __m128 h = m > 5 ? _mm_add_ps(t[4], t[5]) : t[4];
    if (m > 6) h = _mm_add_ps(h, m > 7 ? _mm_add_ps(t[6], t[7]) : t[6]);
    s = _mm_add_ps(s, h);
  }
  return s;
}

/* g += sum_b c_b x_b over m rows and the elements [i, end), the terms summed pairwise (the
 * compiler specializes each constant m). */
#define UPDATE(M)                                                                            \
  static void update_##M(float *g, const float *const *x, const float *c, int i, int end) { \
    __m128 k[M], t[M];                                                                       \
    for (int b = 0; b < M; b++) k[b] = _mm_set1_ps(c[b]);                                    \
    for (; i < end; i += 4) {                                                                \
      for (int b = 0; b < M; b++) t[b] = _mm_mul_ps(k[b], _mm_load_ps(x[b] + i));            \
      _mm_store_ps(g + i, _mm_add_ps(_mm_load_ps(g + i), pair_sum(M, t)));                   \
    }                                                                                        \
  }
UPDATE(1) UPDATE(2) UPDATE(3) UPDATE(4) UPDATE(5) UPDATE(6) UPDATE(7) UPDATE(8)
static void (*const update[9])(float *, const float *const *, const float *, int, int) = {
  0, update_1, update_2, update_3, update_4, update_5, update_6, update_7, update_8};

/* The update lists of one block: per neuron, the rows with a nonzero coefficient. */
typedef struct {
  const float *rows[P][ROWS];
  float coef[P][ROWS];
  int m[P];
} Lists;

/* Neuron j's listed updates over [i, end), flushed into G if flush. */
static void update_segment(const Lists *lists, int j, float *Gblk, double *G, int ld, int i, int end, int flush) {
  float *g = Gblk + (size_t)j * ld;
  if (lists->m[j]) update[lists->m[j]](g, lists->rows[j], lists->coef[j], i, end);
  if (flush)
    for (int e = i; e < end; e++) {
      G[(size_t)j * ld + e] += g[e];
      g[e] = 0;
    }
}

/* One pass: the products of the rows x[0..8) (if x) into u, the updates of `lists` (if lists), flushed into G if flush. */
static void pass(const float *const *x, const float *W, int ld, double *u, const Lists *lists, float *Gblk, double *G, int flush) {
  __m128d s[ROWS * P];
  for (int k = 0; k < ROWS * P; k++) s[k] = _mm_setzero_pd();
  for (int i = 0; i < ld; i += SEG) {
    int end = i + SEG < ld ? i + SEG : ld, mid = i + SEG / 2 < end ? i + SEG / 2 : end;
    __m128 a[ROWS * P];
    for (int k = 0; k < ROWS * P; k++) a[k] = _mm_setzero_ps();
    if (x)
      for (int q = 0; q < 2; q++) dot_quad_pair_span(x + 4 * q, W, W + ld, i, mid, a + 8 * q);
    if (lists) update_segment(lists, 0, Gblk, G, ld, i, end, flush);
    if (x) {
      for (int q = 0; q < 2; q++) dot_quad_pair_span(x + 4 * q, W, W + ld, mid, end, a + 8 * q);
      for (int k = 0; k < ROWS * P; k++) widen(a[k], &s[k]);
    }
    if (lists) update_segment(lists, 1, Gblk, G, ld, i, end, flush);
  }
  if (x)
    for (int k = 0; k < ROWS * P; k++) {
      double t[2];
      _mm_storeu_pd(t, s[k]);
      u[k] = t[0] + t[1];
    }
}

/* Row b of block k (of n rows in lanes of n/8) and the rows of block k. */
static int row_of(int k, int b, int lanes) { return k < lanes ? k + b * lanes : lanes * ROWS + b; }
static int rows_of(int k, int lanes, int n) { return k < lanes ? ROWS : n - lanes * ROWS; }

/* The rows of block k (r rows; a ragged block repeats its last row). */
static void block_rows(const float *X, int k, int lanes, int r, int ld, const float **x) {
  for (int b = 0; b < ROWS; b++) x[b] = X + (size_t)row_of(k, b < r ? b : r - 1, lanes) * ld;
}

static double step(const float *X, int n, int ld, int d, const double *y, const float *W, const double *a, float *Gblk, double *G) {
  const double scale = 1 / sqrt((double)d);
  double loss = 0, u[ROWS * P];
  const float *x[ROWS];
  Lists lists;
  memset(G, 0, sizeof(double) * P * ld);
  memset(Gblk, 0, sizeof(float) * P * ld);
  int pending = 0, lanes = n / ROWS, blocks = lanes + (n > lanes * ROWS);
  block_rows(X, 0, lanes, rows_of(0, lanes, n), ld, x);
  pass(x, W, ld, u, 0, Gblk, G, 0);
  for (int k = 0; k < blocks; k++) {
    int r = rows_of(k, lanes, n);
    for (int j = 0; j < P; j++) {
      int m = 0;
      for (int b = 0; b < r; b++) {
        double yhat = 0;
        for (int jj = 0; jj < P; jj++) yhat += a[jj] * fmax(u[b * P + jj] * scale, 0);
        double res = yhat - y[row_of(k, b, lanes)];
        if (j == 0) loss += res * res;
        float c = (float)(res * a[j] * (u[b * P + j] * scale > 0));
        if (c != 0) {
          lists.rows[j][m] = X + (size_t)row_of(k, b, lanes) * ld;
          lists.coef[j][m++] = c;
        }
      }
      lists.m[j] = m;
    }
    int rn = k + 1 < blocks ? rows_of(k + 1, lanes, n) : 0;
    pending += r;
    int flush = pending == FLUSH || rn <= 0;
    if (rn > 0) block_rows(X, k + 1, lanes, rn, ld, x);
    pass(rn > 0 ? x : 0, W, ld, u, &lists, Gblk, G, flush);
    if (flush) pending = 0;
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
