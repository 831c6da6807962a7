// The Stockham passes of fft.h, written once over a vector-traits type `Tr` and included by every
// ISA translation unit inside its own `namespace simdconv::<isa> { namespace { ... } }` (as
// kernels/generic/correlate_rows.inl is, for the same reason: internal linkage, that TU's flags
// only). No headers and no std templates here.
//
// Tr provides, for element type T and vector type V of `lanes` elements: zero(), set1(T), loadu(p),
// storeu(p, v), add(a, b), sub(a, b), mul(a, b), fma(a, b, c) = a·b + c.
//
// One pass of radix R with l1 transforms already combined and ido = n/(l1·R) reads
//   x(i, j, k) = x[(i + ido·(j + R·k))·stride + c]             i < ido, j < R, k < l1
// and writes the R-point DFT over j of each (i, k), output j multiplied by the twiddle
// exp(∓2πi·j·i·l1/n), to y[(i + ido·(k + l1·j))·stride + c]. After the last pass the data are in
// natural order. Twiddles and the radix constants are broadcast; everything else is one vector of
// columns.

#if defined(_MSC_VER)
#define SIMDCONV_FFT_INLINE __forceinline
#else
#define SIMDCONV_FFT_INLINE inline __attribute__((always_inline))
#endif

// Constants of the 3- and 5-point DFTs (cos and sin of 2π/3, 2π/5, 4π/5).
constexpr double kSin60 = 0.86602540378443864676372317075294;
constexpr double kCos72 = 0.30901699437494742410229341718282;
constexpr double kSin72 = 0.95105651629515357211643933337938;
constexpr double kCos144 = -0.80901699437494742410229341718282;
constexpr double kSin144 = 0.58778525229247312916870595463907;

// The R-point DFT of (ar[j], ai[j]) in place, with ω = exp(sg·2πi/R), sg = +1 for the inverse.
// i·(x + iy) = −y + ix is folded into which of add/sub each output uses.
template <class Tr, int R, bool Inv>
SIMDCONV_FFT_INLINE void butterfly(typename Tr::V* ar, typename Tr::V* ai) {
  using T = typename Tr::T;
  using V = typename Tr::V;
  if constexpr (R == 2) {
    const V r0 = Tr::add(ar[0], ar[1]), i0 = Tr::add(ai[0], ai[1]);
    ar[1] = Tr::sub(ar[0], ar[1]), ai[1] = Tr::sub(ai[0], ai[1]);
    ar[0] = r0, ai[0] = i0;
  } else if constexpr (R == 4) {
    const V t0r = Tr::add(ar[0], ar[2]), t0i = Tr::add(ai[0], ai[2]);
    const V t1r = Tr::sub(ar[0], ar[2]), t1i = Tr::sub(ai[0], ai[2]);
    const V t2r = Tr::add(ar[1], ar[3]), t2i = Tr::add(ai[1], ai[3]);
    const V t3r = Tr::sub(ar[1], ar[3]), t3i = Tr::sub(ai[1], ai[3]);
    ar[0] = Tr::add(t0r, t2r), ai[0] = Tr::add(t0i, t2i);
    ar[2] = Tr::sub(t0r, t2r), ai[2] = Tr::sub(t0i, t2i);
    // y1 = t1 + sg·i·t3, y3 = t1 − sg·i·t3
    if constexpr (Inv) {
      ar[1] = Tr::sub(t1r, t3i), ai[1] = Tr::add(t1i, t3r);
      ar[3] = Tr::add(t1r, t3i), ai[3] = Tr::sub(t1i, t3r);
    } else {
      ar[1] = Tr::add(t1r, t3i), ai[1] = Tr::sub(t1i, t3r);
      ar[3] = Tr::sub(t1r, t3i), ai[3] = Tr::add(t1i, t3r);
    }
  } else if constexpr (R == 3) {
    // y0 = a0 + t, y1,2 = a0 − t/2 ± i·q·d with t = a1 + a2, d = a1 − a2, q = sg·sin 60°.
    const V q = Tr::set1(static_cast<T>(Inv ? kSin60 : -kSin60)), half = Tr::set1(static_cast<T>(-0.5));
    const V tr = Tr::add(ar[1], ar[2]), ti = Tr::add(ai[1], ai[2]);
    const V dr = Tr::sub(ar[1], ar[2]), di = Tr::sub(ai[1], ai[2]);
    const V mr = Tr::fma(tr, half, ar[0]), mi = Tr::fma(ti, half, ai[0]);
    const V qdr = Tr::mul(q, dr), qdi = Tr::mul(q, di);
    ar[0] = Tr::add(ar[0], tr), ai[0] = Tr::add(ai[0], ti);
    ar[1] = Tr::sub(mr, qdi), ai[1] = Tr::add(mi, qdr);
    ar[2] = Tr::add(mr, qdi), ai[2] = Tr::sub(mi, qdr);
  } else {  // R == 5
    // t1 = a1 + a4, t2 = a2 + a3, d1 = a1 − a4, d2 = a2 − a3;
    // m1 = a0 + c72·t1 + c144·t2, m2 = a0 + c144·t1 + c72·t2;
    // e1 = sg(s72·d1 + s144·d2), e2 = sg(s144·d1 − s72·d2);
    // y1 = m1 + i·e1, y4 = m1 − i·e1, y2 = m2 + i·e2, y3 = m2 − i·e2.
    const T sg = Inv ? 1 : -1;
    const V c1 = Tr::set1(static_cast<T>(kCos72)), c2 = Tr::set1(static_cast<T>(kCos144));
    const V s1 = Tr::set1(static_cast<T>(sg * kSin72)), s2 = Tr::set1(static_cast<T>(sg * kSin144));
    const V ns1 = Tr::set1(static_cast<T>(-sg * kSin72));
    const V t1r = Tr::add(ar[1], ar[4]), t1i = Tr::add(ai[1], ai[4]);
    const V t2r = Tr::add(ar[2], ar[3]), t2i = Tr::add(ai[2], ai[3]);
    const V d1r = Tr::sub(ar[1], ar[4]), d1i = Tr::sub(ai[1], ai[4]);
    const V d2r = Tr::sub(ar[2], ar[3]), d2i = Tr::sub(ai[2], ai[3]);
    const V m1r = Tr::fma(c2, t2r, Tr::fma(c1, t1r, ar[0])), m1i = Tr::fma(c2, t2i, Tr::fma(c1, t1i, ai[0]));
    const V m2r = Tr::fma(c1, t2r, Tr::fma(c2, t1r, ar[0])), m2i = Tr::fma(c1, t2i, Tr::fma(c2, t1i, ai[0]));
    const V e1r = Tr::fma(s2, d2r, Tr::mul(s1, d1r)), e1i = Tr::fma(s2, d2i, Tr::mul(s1, d1i));
    const V e2r = Tr::fma(ns1, d2r, Tr::mul(s2, d1r)), e2i = Tr::fma(ns1, d2i, Tr::mul(s2, d1i));
    ar[0] = Tr::add(ar[0], Tr::add(t1r, t2r)), ai[0] = Tr::add(ai[0], Tr::add(t1i, t2i));
    ar[1] = Tr::sub(m1r, e1i), ai[1] = Tr::add(m1i, e1r);
    ar[4] = Tr::add(m1r, e1i), ai[4] = Tr::sub(m1i, e1r);
    ar[2] = Tr::sub(m2r, e2i), ai[2] = Tr::add(m2i, e2r);
    ar[3] = Tr::add(m2r, e2i), ai[3] = Tr::sub(m2i, e2r);
  }
}

template <class Tr, int R, bool Inv>
void fft_pass(const fft::Stage& st, const typename Tr::T* xr, const typename Tr::T* xi, typename Tr::T* yr,
              typename Tr::T* yi, std::size_t stride, std::size_t cols) {
  using T = typename Tr::T;
  using V = typename Tr::V;
  constexpr std::size_t L = Tr::lanes;
  const std::size_t l1 = st.l1, ido = st.ido;
  const std::size_t in_j = ido * stride, out_j = ido * l1 * stride;
  const T* twr;
  const T* twi;
  if constexpr (sizeof(T) == sizeof(float)) twr = st.tw_re32, twi = st.tw_im32;
  else twr = st.tw_re64, twi = st.tw_im64;

  for (std::size_t k = 0; k < l1; k++)
    for (std::size_t i = 0; i < ido; i++) {
      V wr[R], wi[R];
      for (int j = 1; j < R; j++) {
        const std::size_t p = (j - 1) * ido + i;
        wr[j] = Tr::set1(twr[p]), wi[j] = Tr::set1(Inv ? -twi[p] : twi[p]);
      }
      const T* pr = xr + (i + ido * R * k) * stride;
      const T* pi = xi + (i + ido * R * k) * stride;
      T* qr = yr + (i + ido * k) * stride;
      T* qi = yi + (i + ido * k) * stride;
      for (std::size_t c = 0; c < cols; c += L) {
        V ar[R], ai[R];
        for (int j = 0; j < R; j++) ar[j] = Tr::loadu(pr + j * in_j + c), ai[j] = Tr::loadu(pi + j * in_j + c);
        butterfly<Tr, R, Inv>(ar, ai);
        Tr::storeu(qr + c, ar[0]), Tr::storeu(qi + c, ai[0]);
        for (int j = 1; j < R; j++) {
          V r = ar[j], m = ai[j];
          if (i != 0) {  // (r + im)(wr + i·wi); i = 0 has twiddle 1
            r = Tr::fma(ar[j], wr[j], Tr::mul(ai[j], Tr::sub(Tr::zero(), wi[j])));
            m = Tr::fma(ar[j], wi[j], Tr::mul(ai[j], wr[j]));
          }
          Tr::storeu(qr + j * out_j + c, r), Tr::storeu(qi + j * out_j + c, m);
        }
      }
    }
}

template <class Tr, bool Inv>
void fft_stage(const fft::Stage& st, const typename Tr::T* xr, const typename Tr::T* xi, typename Tr::T* yr,
               typename Tr::T* yi, std::size_t stride, std::size_t cols) {
  switch (st.radix) {
    case 4: return fft_pass<Tr, 4, Inv>(st, xr, xi, yr, yi, stride, cols);
    case 2: return fft_pass<Tr, 2, Inv>(st, xr, xi, yr, yi, stride, cols);
    case 3: return fft_pass<Tr, 3, Inv>(st, xr, xi, yr, yi, stride, cols);
    default: return fft_pass<Tr, 5, Inv>(st, xr, xi, yr, yi, stride, cols);
  }
}

// fft::AnywhereFn: the passes alternate between the data and the scratch planes; an odd number of
// passes ends in the scratch.
template <class Tr>
bool fft_columns_anywhere(const fft::Plan& plan, typename Tr::T* re, typename Tr::T* im, typename Tr::T* sre,
                          typename Tr::T* sim, std::size_t stride, std::size_t cols, bool inverse) {
  using T = typename Tr::T;
  T *xr = re, *xi = im, *yr = sre, *yi = sim;
  for (std::size_t s = 0; s < plan.nstages; s++) {
    if (inverse) fft_stage<Tr, true>(plan.stages[s], xr, xi, yr, yi, stride, cols);
    else fft_stage<Tr, false>(plan.stages[s], xr, xi, yr, yi, stride, cols);
    T* t = xr;
    xr = yr, yr = t, t = xi, xi = yi, yi = t;
  }
  return xr != re;
}

// fft::ColumnsFn: fft_columns_anywhere, and a result that ended in the scratch copied back.
template <class Tr>
void fft_columns(const fft::Plan& plan, typename Tr::T* re, typename Tr::T* im, typename Tr::T* sre,
                 typename Tr::T* sim, std::size_t stride, std::size_t cols, bool inverse) {
  if (!fft_columns_anywhere<Tr>(plan, re, im, sre, sim, stride, cols, inverse)) return;
  const typename Tr::T* xr = sre;
  const typename Tr::T* xi = sim;
  for (std::size_t k = 0; k < plan.n; k++)
    for (std::size_t c = 0; c < cols; c += Tr::lanes) {
      Tr::storeu(re + k * stride + c, Tr::loadu(xr + k * stride + c));
      Tr::storeu(im + k * stride + c, Tr::loadu(xi + k * stride + c));
    }
}

// fft::ScaleFn: row r of the columns times w[r] (or its conjugate), one broadcast per row.
template <class Tr>
void fft_scale(typename Tr::T* re, typename Tr::T* im, const typename Tr::T* wr, const typename Tr::T* wi,
               std::size_t rows, std::size_t stride, std::size_t cols, bool conj) {
  using V = typename Tr::V;
  for (std::size_t r = 0; r < rows; r++) {
    const V a = Tr::set1(wr[r]), b = Tr::set1(conj ? -wi[r] : wi[r]), nb = Tr::set1(conj ? wi[r] : -wi[r]);
    typename Tr::T* pr = re + r * stride;
    typename Tr::T* pi = im + r * stride;
    for (std::size_t c = 0; c < cols; c += Tr::lanes) {
      const V x = Tr::loadu(pr + c), y = Tr::loadu(pi + c);
      Tr::storeu(pr + c, Tr::fma(x, a, Tr::mul(y, nb)));
      Tr::storeu(pi + c, Tr::fma(x, b, Tr::mul(y, a)));
    }
  }
}

// The split pass of fft::RealPlan for the bin pair (k, k2 = m − k): reads P = row pair at p, Q = row
// pair at q, writes a·P + b·conj(Q) to row pair p and a2·Q + b2·conj(P) to row pair q (when store_q),
// for every column. The forward pass uses (A, B); the inverse (2·conj(A), 2·conj(B)).
template <class Tr>
SIMDCONV_FFT_INLINE void real_split_pair(typename Tr::T* pr, typename Tr::T* pi, typename Tr::T* qr, typename Tr::T* qi,
                                         typename Tr::T* yr, typename Tr::T* yi, typename Tr::T* zr, typename Tr::T* zi,
                                         const typename Tr::T* c, std::size_t cols, bool store_q) {
  using V = typename Tr::V;
  // c: a, b, a2, b2 as (re, im) pairs.
  const V ar = Tr::set1(c[0]), ai = Tr::set1(c[1]), br = Tr::set1(c[2]), bi = Tr::set1(c[3]);
  const V a2r = Tr::set1(c[4]), a2i = Tr::set1(c[5]), b2r = Tr::set1(c[6]), b2i = Tr::set1(c[7]);
  for (std::size_t col = 0; col < cols; col += Tr::lanes) {
    const V xr = Tr::loadu(pr + col), xi = Tr::loadu(pi + col), wr = Tr::loadu(qr + col), wi = Tr::loadu(qi + col);
    // a·x + b·conj(w) = (ar·xr − ai·xi + br·wr + bi·wi) + i(ai·xr + ar·xi + bi·wr − br·wi)
    const V o1r = Tr::fma(bi, wi, Tr::fma(br, wr, Tr::fma(ar, xr, Tr::mul(Tr::sub(Tr::zero(), ai), xi))));
    const V o1i = Tr::fma(bi, wr, Tr::fma(ar, xi, Tr::fma(ai, xr, Tr::mul(Tr::sub(Tr::zero(), br), wi))));
    const V o2r = Tr::fma(b2i, xi, Tr::fma(b2r, xr, Tr::fma(a2r, wr, Tr::mul(Tr::sub(Tr::zero(), a2i), wi))));
    const V o2i = Tr::fma(b2i, xr, Tr::fma(a2r, wi, Tr::fma(a2i, wr, Tr::mul(Tr::sub(Tr::zero(), b2r), xi))));
    Tr::storeu(yr + col, o1r), Tr::storeu(yi + col, o1i);
    if (store_q) Tr::storeu(zr + col, o2r), Tr::storeu(zi + col, o2i);
  }
}

// fft::RealFn. Forward: the m-point transform of the row pairs (ending in x or the scratch), then the
// split pass from there into x. Inverse: the split pass from x into whichever of x and the scratch
// makes the m-point inverse end in x (the scratch when its number of passes is odd).
template <class Tr>
void fft_real(const fft::RealPlan& plan, typename Tr::T* x, typename Tr::T* s, std::size_t stride, std::size_t cols,
              bool inverse) {
  using T = typename Tr::T;
  const std::size_t m = plan.n / 2, pitch = 2 * stride;
  const T *a_re, *a_im, *b_re, *b_im;
  if constexpr (sizeof(T) == sizeof(float)) a_re = plan.a_re32, a_im = plan.a_im32, b_re = plan.b_re32, b_im = plan.b_im32;
  else a_re = plan.a_re64, a_im = plan.a_im64, b_re = plan.b_re64, b_im = plan.b_im64;

  T* from = x;  // the split pass reads row pairs here and writes them to `to`
  T* to = x;
  if (!inverse) {
    if (fft_columns_anywhere<Tr>(*plan.half, x, x + stride, s, s + stride, pitch, cols, false)) from = s;
  } else if (plan.half->nstages % 2 == 1) {
    to = s;
  }
  for (std::size_t k = 0; k <= m / 2; k++) {
    const std::size_t k2 = m - k;
    // Forward reads Z[m] as Z[0]; the inverse reads X[m] (row pair m) and has no Z[m] to write.
    const std::size_t q = inverse ? k2 : k2 % m;
    T c[8];
    if (!inverse) {
      c[0] = a_re[k], c[1] = a_im[k], c[2] = b_re[k], c[3] = b_im[k];
      c[4] = a_re[k2], c[5] = a_im[k2], c[6] = b_re[k2], c[7] = b_im[k2];
    } else {
      c[0] = 2 * a_re[k], c[1] = -2 * a_im[k], c[2] = 2 * b_re[k], c[3] = -2 * b_im[k];
      c[4] = 2 * a_re[k2], c[5] = -2 * a_im[k2], c[6] = 2 * b_re[k2], c[7] = -2 * b_im[k2];
    }
    real_split_pair<Tr>(from + 2 * k * stride, from + (2 * k + 1) * stride, from + 2 * q * stride,
                        from + (2 * q + 1) * stride, to + 2 * k * stride, to + (2 * k + 1) * stride,
                        to + 2 * k2 * stride, to + (2 * k2 + 1) * stride, c, cols, !inverse || k != 0);
  }
  if (inverse) {
    T* other = to == x ? s : x;
    fft_columns_anywhere<Tr>(*plan.half, to, to + stride, other, other + stride, pitch, cols, true);
  }
}

// fft::TransposeFn: 32 × 32 tiles (so both sides stay in L1), each cut into the ISA's register
// blocks (Tr::transpose_block: lanes × lanes, loads and stores of whole vectors); the partial blocks at
// the right and bottom edges element by element.
template <class Tr>
void fft_transpose(const typename Tr::T* src, typename Tr::T* dst, std::size_t rows, std::size_t cols, std::size_t sp,
                   std::size_t dp) {
  constexpr std::size_t L = Tr::lanes, B = 32;  // B: a multiple of every ISA's lanes
  for (std::size_t r0 = 0; r0 < rows; r0 += B)
    for (std::size_t c0 = 0; c0 < cols; c0 += B) {
      const std::size_t r1 = r0 + B < rows ? r0 + B : rows, c1 = c0 + B < cols ? c0 + B : cols;
      for (std::size_t r = r0; r < r1; r += L)
        for (std::size_t c = c0; c < c1; c += L) {
          if (r + L <= r1 && c + L <= c1) {
            Tr::transpose_block(src + r * sp + c, sp, dst + c * dp + r, dp);
            continue;
          }
          for (std::size_t i = r; i < r + L && i < r1; i++)
            for (std::size_t j = c; j < c + L && j < c1; j++) dst[j * dp + i] = src[i * sp + j];
        }
    }
}
