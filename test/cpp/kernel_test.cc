// Standalone differential test (no Node) of every supported kernel table against the scalar float64
// reference, plus a microbenchmark.
//
//   kernel_test                 all ISAs: seeded random data over awkward sizes; last line "N passed, N failed"
//   kernel_test --isa avx2      one ISA only (plus the reference)
//   kernel_test --bench         GFLOP/s per ISA and shape on 2048-wide rows (hot cache)
//
// Every even input row ends exactly at a PROT_NONE page and so does dst: a kernel that reads or writes
// one element past what the contract allows crashes instead of passing by luck. Tolerance: |got − ref| ≤
// rtol · Σ|w| · max|x| (rtol 1e-5 for float32, 1e-12 for float64), the error scale of a dot product.
#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "../../binding/kernels/kernels.h"
#include "../../binding/kernels/select.h"

using simdconv::KernelTable;

namespace {

// A buffer whose end touches an inaccessible page; tail(len) returns the last len elements of it.
class GuardedBuffer {
 public:
  explicit GuardedBuffer(std::size_t bytes) {
    page_ = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    usable_ = (bytes + page_ - 1) / page_ * page_;
    void* m = mmap(nullptr, usable_ + page_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) std::abort();
    base_ = static_cast<char*>(m);
    if (mprotect(base_ + usable_, page_, PROT_NONE) != 0) std::abort();
  }
  GuardedBuffer(const GuardedBuffer&) = delete;
  GuardedBuffer& operator=(const GuardedBuffer&) = delete;
  ~GuardedBuffer() { munmap(base_, usable_ + page_); }
  template <class T>
  T* tail(std::size_t len) const {
    return reinterpret_cast<T*>(base_ + usable_) - len;
  }

 private:
  char* base_ = nullptr;
  std::size_t usable_ = 0, page_ = 0;
};

template <class T>
simdconv::CorrelateRowsFn<T> fn(const KernelTable& k);
template <>
simdconv::CorrelateRowsFn<float> fn<float>(const KernelTable& k) { return k.correlate_rows_f32; }
template <>
simdconv::CorrelateRowsFn<double> fn<double>(const KernelTable& k) { return k.correlate_rows_f64; }

struct Case {
  std::size_t nrows, taps, stride, dilation, n;
  int mirror = 0;  // weights: 0 random; +1 every row symmetric (w[t] = w[taps−1−t]); −1 antisymmetric
};

// Fills w (nrows rows of taps) from draw(); mirrored per c.mirror (an antisymmetric odd row gets a
// zero middle tap), as the kernels' mirrored-taps path detects them.
template <class T, class Draw>
void make_weights(const Case& c, std::vector<T>& w, Draw draw) {
  for (std::size_t r = 0; r < c.nrows; r++) {
    T* wr = w.data() + r * c.taps;
    for (std::size_t t = 0; t < c.taps; t++) {
      const std::size_t m = c.taps - 1 - t;
      if (c.mirror == 0 || t < m) {
        wr[t] = static_cast<T>(draw());
      } else if (t == m) {
        wr[t] = c.mirror > 0 ? static_cast<T>(draw()) : T(0);
      } else {
        wr[t] = c.mirror > 0 ? wr[m] : -wr[m];
      }
    }
  }
}

// Input elements one row needs: the formula's largest index + 1.
std::size_t row_len(const Case& c) {
  return c.n == 0 ? 0 : (c.n - 1) * c.stride + (c.taps - 1) * c.dilation + 1;
}

// The case being run, for the crash handler: a guard-page hit names the culprit before exiting.
char g_current[160] = "";

void on_crash(int sig) {
  const char msg[] = "CRASH (out-of-bounds access?) in: ";
  ssize_t ignored = write(2, msg, sizeof msg - 1);
  ignored = write(2, g_current, std::strlen(g_current));
  ignored = write(2, "\n", 1);
  (void)ignored;
  _exit(128 + sig);
}

struct Tally {
  long passed = 0, failed = 0;
};

constexpr std::size_t kMaxRows = 31;
constexpr std::size_t kMaxRowBytes = 19 * 4096;  // ≥ (1000−1)·9 + (31−1)·3 + 1 doubles

template <class T>
void check_case(const Case& c, const std::vector<const KernelTable*>& isas, std::mt19937_64& rng,
                std::vector<std::unique_ptr<GuardedBuffer>>& arenas, GuardedBuffer& dst_arena, Tally& tally) {
  std::uniform_real_distribution<double> uni(-1.0, 1.0);
  const std::size_t len = row_len(c);
  std::vector<const T*> rows(c.nrows);
  std::vector<std::vector<double>> rows64(c.nrows, std::vector<double>(len));
  std::vector<const double*> rows64p(c.nrows);
  double xmax = 0;
  for (std::size_t r = 0; r < c.nrows; r++) {
    // Even rows end flush against the guard page; odd rows 1–3 elements short of it, so that rows
    // of one call have different alignments (kernels peel to rows[0]'s alignment).
    const std::size_t gap = r % 2 == 1 ? 1 + rng() % 3 : 0;
    T* row = arenas[r]->tail<T>(len + gap);
    for (std::size_t i = 0; i < len; i++) {
      row[i] = static_cast<T>(uni(rng));
      rows64[r][i] = row[i];  // exact: the reference sees the very same values
      xmax = std::fmax(xmax, std::fabs(rows64[r][i]));
    }
    rows[r] = row;
    rows64p[r] = rows64[r].data();
  }
  std::vector<T> w(c.nrows * c.taps);
  std::vector<double> w64(w.size());
  double wsum = 0;
  make_weights(c, w, [&] { return uni(rng); });
  for (std::size_t i = 0; i < w.size(); i++) {
    w64[i] = w[i];
    wsum += std::fabs(w64[i]);
  }
  std::vector<double> ref(c.n);
  simdconv::scalar::table().correlate_rows_f64(rows64p.data(), w64.data(), c.nrows, c.taps, c.stride,
                                               c.dilation, ref.data(), c.n);
  const double rtol = sizeof(T) == 4 ? 1e-5 : 1e-12;
  const double tol = rtol * wsum * xmax + 1e-300;

  T* dst = dst_arena.tail<T>(c.n);
  for (const KernelTable* k : isas) {
    const T sentinel = static_cast<T>(-12345.0);
    dst[-1] = sentinel;  // the element before dst must survive too
    for (std::size_t o = 0; o < c.n; o++) dst[o] = static_cast<T>(NAN);
    std::snprintf(g_current, sizeof g_current, "%s f%zu nrows=%zu taps=%zu stride=%zu dilation=%zu n=%zu mirror=%d",
                  k->isa, sizeof(T) * 8, c.nrows, c.taps, c.stride, c.dilation, c.n, c.mirror);
    fn<T>(*k)(rows.data(), w.data(), c.nrows, c.taps, c.stride, c.dilation, dst, c.n);
    std::size_t bad = c.n;
    for (std::size_t o = 0; o < c.n && bad == c.n; o++)
      if (!(std::fabs(static_cast<double>(dst[o]) - ref[o]) <= tol)) bad = o;
    if (bad == c.n && dst[-1] == sentinel) {
      tally.passed++;
      continue;
    }
    if (tally.failed++ < 20) {
      std::printf("FAIL %s f%zu nrows=%zu taps=%zu stride=%zu dilation=%zu n=%zu mirror=%d: ", k->isa,
                  sizeof(T) * 8, c.nrows, c.taps, c.stride, c.dilation, c.n, c.mirror);
      if (bad < c.n)
        std::printf("dst[%zu]=%.9g ref=%.9g tol=%.3g\n", bad, static_cast<double>(dst[bad]), ref[bad], tol);
      else
        std::printf("wrote before dst\n");
    }
  }
}

template <class T>
simdconv::CorrelateBlockFn<T> block_fn(const KernelTable& k);
template <>
simdconv::CorrelateBlockFn<float> block_fn<float>(const KernelTable& k) { return k.correlate_block_f32; }
template <>
simdconv::CorrelateBlockFn<double> block_fn<double>(const KernelTable& k) { return k.correlate_block_f64; }

// The blocked 2-D kernel (kernels.h: correlate_block) against the scalar float64 reference run row
// by row over the live rows: a kh × kw kernel with taps `dil` apart along the rows, nout output rows
// of n outputs from nout + kh − 1 guarded input rows,
// dst rows `pitch` apart (the gaps and the element before dst must survive). `zeros`: some weights
// are 0; `bad`: one input is NaN or ∞, which must spread through zero weights of live rows (0·∞ =
// NaN) but not through dead rows. `stream` as the executor asks for large outputs.
template <class T>
void check_block(std::size_t kh, std::size_t kw, std::size_t dil, std::size_t nout, std::size_t n, std::size_t pitch, unsigned live, bool zeros, double bad,
                 bool stream, const std::vector<const KernelTable*>& isas, std::mt19937_64& rng,
                 std::vector<std::unique_ptr<GuardedBuffer>>& arenas, GuardedBuffer& dst_arena, Tally& tally) {
  std::uniform_real_distribution<double> uni(-1.0, 1.0);
  const std::size_t nin = nout + kh - 1, len = n + (kw - 1) * dil;
  std::vector<const T*> rows(nin);
  std::vector<std::vector<double>> rows64(nin, std::vector<double>(len));
  double xmax = 0;
  for (std::size_t i = 0; i < nin; i++) {
    T* row = arenas[i]->tail<T>(len + (i % 2 == 1 ? 1 + rng() % 3 : 0));
    for (std::size_t q = 0; q < len; q++) {
      row[q] = static_cast<T>(uni(rng));
      rows64[i][q] = row[q];
      xmax = std::fmax(xmax, std::fabs(rows64[i][q]));
    }
    rows[i] = row;
  }
  if (bad != 0) {  // one non-finite input, anywhere
    const std::size_t i = rng() % nin, q = rng() % len;
    const_cast<T*>(rows[i])[q] = static_cast<T>(bad);
    rows64[i][q] = static_cast<double>(static_cast<T>(bad));
  }
  std::vector<T> w(kh * kw);
  std::vector<double> w64(w.size());
  double wsum = 0;
  for (std::size_t i = 0; i < w.size(); i++) {
    const bool dead = !(live >> (i / kw) & 1u);
    w[i] = dead || (zeros && rng() % 3 == 0) ? T(0) : static_cast<T>(uni(rng));
    w64[i] = w[i];
    wsum += std::fabs(w64[i]);
  }
  // Reference, row by row over the live rows only.
  std::vector<double> ref(nout * n), wl;
  for (std::size_t j = 0; j < nout; j++) {
    std::vector<const double*> rl;
    wl.clear();
    for (std::size_t r = 0; r < kh; r++) {
      if (!(live >> r & 1u)) continue;
      rl.push_back(rows64[j + r].data());
      wl.insert(wl.end(), w64.begin() + static_cast<std::ptrdiff_t>(r * kw), w64.begin() + static_cast<std::ptrdiff_t>(r * kw + kw));
    }
    simdconv::scalar::table().correlate_rows_f64(rl.data(), wl.data(), rl.size(), kw, 1, dil, ref.data() + j * n, n);
  }
  const double tol = (sizeof(T) == 4 ? 1e-5 : 1e-12) * wsum * xmax + 1e-300;
  const std::size_t span = (nout - 1) * pitch + n;
  T* dst = dst_arena.tail<T>(span + rng() % 4);
  for (const KernelTable* kt : isas) {
    const auto f = block_fn<T>(*kt);
    if (f == nullptr) continue;
    const T sentinel = static_cast<T>(-12345.0);
    dst[-1] = sentinel;
    for (std::size_t o = 0; o < span; o++) dst[o] = sentinel;
    std::snprintf(g_current, sizeof g_current, "%s f%zu block %zux%zu dil=%zu nout=%zu n=%zu pitch=%zu live=%x zeros=%d bad=%g",
                  kt->isa, sizeof(T) * 8, kh, kw, dil, nout, n, pitch, live, zeros, bad);
    const bool handled = f(rows.data(), w.data(), kh, kw, dil, live, dst, pitch, nout, n, stream);
    bool ok = handled && dst[-1] == sentinel;
    for (std::size_t j = 0; j < nout && ok; j++) {
      for (std::size_t o = 0; o < n && ok; o++) {
        const double got = dst[j * pitch + o], want = ref[j * n + o];
        ok = std::isnan(want) ? std::isnan(got) : std::isinf(want) ? got == want : std::fabs(got - want) <= tol;
      }
      for (std::size_t o = n; j + 1 < nout && o < pitch && ok; o++) ok = dst[j * pitch + o] == sentinel;
    }
    if (ok) {
      tally.passed++;
    } else if (tally.failed++ < 20) {
      std::printf("FAIL %s\n", g_current);
    }
  }
}

template <class T>
simdconv::CorrelateColsFn<T> cols_fn(const KernelTable& k);
template <>
simdconv::CorrelateColsFn<float> cols_fn<float>(const KernelTable& k) { return k.correlate_cols_f32; }
template <>
simdconv::CorrelateColsFn<double> cols_fn<double>(const KernelTable& k) { return k.correlate_cols_f64; }

// The column kernel of the fused separable path (kernels.h: correlate_cols) against the same ISA's
// correlate_rows run row by row (taps = 1) over the rows with a nonzero weight: the contract is the
// same bits. nout output rows of n outputs from nout + kh − 1 guarded rows (null where only zero
// weights would read them), dst rows `pitch` apart (the gaps and the element before dst must
// survive). `zeros`: some weights are 0; `bad`: one input is NaN or ∞, which spreads through the
// rows that read it and not through zero-weight rows.
template <class T>
void check_cols(std::size_t kh, std::size_t nout, std::size_t n, std::size_t pitch, bool zeros, double bad, bool stream,
                const std::vector<const KernelTable*>& isas, std::mt19937_64& rng,
                std::vector<std::unique_ptr<GuardedBuffer>>& arenas, GuardedBuffer& dst_arena, Tally& tally) {
  std::uniform_real_distribution<double> uni(-1.0, 1.0);
  const std::size_t nin = nout + kh - 1;
  std::vector<T> w(kh);
  for (std::size_t r = 0; r < kh; r++) w[r] = zeros && rng() % 3 == 0 ? T(0) : static_cast<T>(uni(rng));
  std::vector<const T*> rows(nin, nullptr);
  for (std::size_t i = 0; i < nin; i++) {
    bool read = false;  // by some output row j through a nonzero weight w[i − j]
    for (std::size_t j = 0; j < nout; j++) read = read || (i >= j && i - j < kh && w[i - j] != 0);
    if (!read) continue;
    T* row = arenas[i]->tail<T>(n + (i % 2 == 1 ? 1 + rng() % 3 : 0));
    for (std::size_t q = 0; q < n; q++) row[q] = static_cast<T>(uni(rng));
    if (bad != 0 && n > 0 && rng() % nin == 0) row[rng() % n] = static_cast<T>(bad);
    rows[i] = row;
  }
  const std::size_t span = nout == 0 ? 0 : (nout - 1) * pitch + n;
  T* dst = dst_arena.tail<T>(span + rng() % 4);
  for (const KernelTable* kt : isas) {
    const auto f = cols_fn<T>(*kt);
    if (f == nullptr) continue;
    std::vector<T> ref(nout * n);
    for (std::size_t j = 0; j < nout; j++) {
      std::vector<const T*> rl;
      std::vector<T> wl;
      for (std::size_t r = 0; r < kh; r++) {
        if (w[r] == 0) continue;
        rl.push_back(rows[j + r]);
        wl.push_back(w[r]);
      }
      fn<T>(*kt)(rl.data(), wl.data(), rl.size(), 1, 1, 1, ref.data() + j * n, n);
    }
    const T sentinel = static_cast<T>(-12345.0);
    dst[-1] = sentinel;
    for (std::size_t o = 0; o < span; o++) dst[o] = sentinel;
    std::snprintf(g_current, sizeof g_current, "%s f%zu cols kh=%zu nout=%zu n=%zu pitch=%zu zeros=%d bad=%g", kt->isa, sizeof(T) * 8,
                  kh, nout, n, pitch, zeros, bad);
    f(rows.data(), w.data(), kh, dst, pitch, nout, n, stream);
    bool ok = dst[-1] == sentinel;
    for (std::size_t j = 0; j < nout && ok; j++) {
      ok = std::memcmp(dst + j * pitch, ref.data() + j * n, n * sizeof(T)) == 0;
      for (std::size_t o = n; j + 1 < nout && o < pitch && ok; o++) ok = dst[j * pitch + o] == sentinel;
    }
    if (ok) {
      tally.passed++;
    } else if (tally.failed++ < 20) {
      std::printf("FAIL %s\n", g_current);
    }
  }
}

int run_tests(const std::vector<const KernelTable*>& isas, bool api_ok) {
  std::vector<std::size_t> ns;
  for (std::size_t n = 0; n <= 40; n++) ns.push_back(n);
  for (std::size_t n : {63, 64, 65, 127, 128, 129, 1000}) ns.push_back(n);
  const std::size_t nrows_list[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 31};
  const std::size_t taps_list[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 13, 15, 31};

  std::vector<std::unique_ptr<GuardedBuffer>> arenas;
  for (std::size_t r = 0; r < kMaxRows; r++) arenas.push_back(std::make_unique<GuardedBuffer>(kMaxRowBytes));
  GuardedBuffer dst_arena(kMaxRowBytes);
  std::signal(SIGSEGV, on_crash);
  std::signal(SIGBUS, on_crash);
  std::mt19937_64 rng(20240611);
  Tally tally;
  (api_ok ? tally.passed : tally.failed)++;
  for (std::size_t nrows : nrows_list)
    for (std::size_t taps : taps_list)
      for (std::size_t stride : {1, 2, 3, 4, 5, 9})  // f32: 3–5 dense, 9 plain; f64: 3 dense, 4–9 plain
        for (std::size_t dilation = 1; dilation <= 3; dilation++)
          for (std::size_t n : ns)
            // Mirrored weights (the symmetric / antisymmetric fast path) where kernels look for them.
            for (int mirror : {0, 1, -1}) {
              if (mirror != 0 && (stride != 1 || dilation > 2 || taps < 2)) continue;
              const Case c{nrows, taps, stride, dilation, n, mirror};
              check_case<float>(c, isas, rng, arenas, dst_arena, tally);
              check_case<double>(c, isas, rng, arenas, dst_arena, tally);
            }
  // The blocked 2-D kernel: every compiled size, row counts around its block of rows, widths
  // around its vector blocks, dst pitches that do and do not keep rows aligned, dead rows, zero
  // weights, non-finite inputs; and a size it does not handle must be refused. The squares at
  // dilation 1 get every row count and width; the other heights, widths and dilations a sample.
  auto blocks = [&](std::size_t kh, std::size_t kw, std::size_t dil, std::initializer_list<std::size_t> nouts,
                    std::initializer_list<std::size_t> widths, std::initializer_list<std::size_t> extras) {
    for (std::size_t nout : nouts)
      for (std::size_t n : widths)
        for (std::size_t extra : extras)
          for (int variant = 0; variant < 6; variant++) {
            const unsigned all = (1u << kh) - 1;
            const unsigned live = variant == 1 ? all & ~2u : variant == 2 ? 1u : all;  // dead rows
            const bool zeros = variant >= 3;
            const double bad = variant == 4 ? static_cast<double>(NAN) : variant == 5 ? static_cast<double>(INFINITY) : 0;
            const bool stream = (n + extra) % 2 == 0;
            check_block<float>(kh, kw, dil, nout, n, n + extra, live, zeros, bad, stream, isas, rng, arenas, dst_arena, tally);
            check_block<double>(kh, kw, dil, nout, n, n + extra, live, zeros, bad, stream, isas, rng, arenas, dst_arena, tally);
          }
  };
  for (std::size_t k : {3, 5, 7})
    blocks(k, k, 1, {1, 2, 3, 4, 5, 7, 8, 9, 17}, {1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 47, 64, 65, 100, 129}, {0, 1, 16});
  for (std::size_t kh : {1, 2, 3, 4, 5, 7, 9, 16})
    for (std::size_t kw : {3, 5, 7})
      for (std::size_t dil = 1; dil <= 4; dil++)
        if (kh != kw || dil != 1) blocks(kh, kw, dil, {1, 4, 5, 9}, {1, 7, 16, 17, 33, 65, 100}, {0, 1});
  // The fused path's column kernel: the unrolled row counts and the generic one, output rows around
  // its block of 4, widths around its vector blocks, pitches that do and do not keep rows aligned.
  for (std::size_t kh : {1, 2, 3, 5, 7, 9, 10, 23})
    for (std::size_t nout : {1, 2, 3, 4, 5, 8, 9})
      for (std::size_t n : {1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 47, 64, 65, 100, 129})
        for (std::size_t extra : {0, 1, 16})
          for (int variant = 0; variant < 4; variant++) {
            const bool zeros = variant >= 1;
            const double bad = variant == 2 ? static_cast<double>(NAN) : variant == 3 ? static_cast<double>(INFINITY) : 0;
            const bool stream = (n + extra) % 2 == 0;
            check_cols<float>(kh, nout, n, n + extra, zeros, bad, stream, isas, rng, arenas, dst_arena, tally);
            check_cols<double>(kh, nout, n, n + extra, zeros, bad, stream, isas, rng, arenas, dst_arena, tally);
          }
  for (const KernelTable* k : isas) {
    if (k->correlate_block_f32 == nullptr) continue;
    const float w[17 * 7] = {};
    float d = 1;
    const bool refused = !k->correlate_block_f32(nullptr, w, 4, 4, 1, 15, &d, 1, 1, 1, false) &&
                         !k->correlate_block_f32(nullptr, w, 17, 5, 1, 7, &d, 1, 1, 1, false) &&
                         !k->correlate_block_f32(nullptr, w, 0, 5, 1, 0, &d, 1, 1, 1, false) &&
                         !k->correlate_block_f32(nullptr, w, 3, 3, 5, 7, &d, 1, 1, 1, false) &&
                         !k->correlate_block_f32(nullptr, w, 3, 3, 0, 7, &d, 1, 1, 1, false) && d == 1;
    (refused ? tally.passed : tally.failed)++;
    if (!refused) std::printf("FAIL %s: the block kernel must refuse sizes it was not compiled for\n", k->isa);
  }
  // Empty sums (nrows = 0 or taps = 0) must write zeros without reading rows: they point at a
  // guard page, so any read crashes.
  for (const KernelTable* k : isas) {
    for (std::size_t nrows : {0, 2}) {
      const std::size_t taps = nrows == 0 ? 3 : 0;
      const float* rows32[2] = {arenas[0]->tail<float>(0), arenas[1]->tail<float>(0)};
      const double* rows64[2] = {arenas[0]->tail<double>(0), arenas[1]->tail<double>(0)};
      const float w32[3] = {1, 2, 3};
      const double w64[3] = {1, 2, 3};
      std::vector<float> d32(37, 1.0f);
      std::vector<double> d64(37, 1.0);
      k->correlate_rows_f32(rows32, w32, nrows, taps, 1, 1, d32.data(), d32.size());
      k->correlate_rows_f64(rows64, w64, nrows, taps, 2, 1, d64.data(), d64.size());
      bool ok = true;
      for (std::size_t o = 0; o < 37; o++) ok = ok && d32[o] == 0 && d64[o] == 0;
      if (ok) {
        tally.passed++;
      } else {
        tally.failed++;
        std::printf("FAIL %s: nrows=%zu taps=%zu must give zeros\n", k->isa, nrows, taps);
      }
    }
  }
  // NaN and ∞ spread through zero taps (README): the mirrored path must not skip the zero middle tap
  // of an antisymmetric row. [−1 0 1] over a row with one non-finite value at index 10: output 9
  // (whose middle tap reads it) must be NaN (0·∞ too); outputs 8 and 10 read it through ±1 taps,
  // so they are NaN for NaN and ±∞ for ∞.
  for (const KernelTable* k : isas) {
    for (double bad : {static_cast<double>(INFINITY), static_cast<double>(NAN)}) {
      std::vector<float> x32(66, 1.0f);
      std::vector<double> x64(66, 1.0);
      x32[10] = static_cast<float>(bad);
      x64[10] = bad;
      const float* r32 = x32.data();
      const double* r64 = x64.data();
      const float w32[3] = {-1, 0, 1};
      const double w64[3] = {-1, 0, 1};
      std::vector<float> d32(64);
      std::vector<double> d64(64);
      k->correlate_rows_f32(&r32, w32, 1, 3, 1, 1, d32.data(), d32.size());
      k->correlate_rows_f64(&r64, w64, 1, 3, 1, 1, d64.data(), d64.size());
      bool ok = true;
      for (std::size_t o = 0; o < 64; o++) {
        const bool want_nan = o == 9 || (std::isnan(bad) && (o == 8 || o == 10));
        ok = ok && std::isnan(d32[o]) == want_nan && std::isnan(d64[o]) == want_nan;
      }
      if (ok) {
        tally.passed++;
      } else {
        tally.failed++;
        std::printf("FAIL %s: NaN/inf must spread through the zero middle tap of [-1 0 1]\n", k->isa);
      }
    }
  }
  std::printf("ISAs tested:");
  for (const KernelTable* k : isas) std::printf(" %s", k->isa);
  std::printf("\n%ld passed, %ld failed\n", tally.passed, tally.failed);
  return tally.failed == 0 ? 0 : 1;
}

// ---- microbenchmark -------------------------------------------------------------------------------

struct Shape {
  const char* name;
  std::size_t nrows, taps, stride, dilation;
  int mirror = 0;  // as Case::mirror; flops still counted as 2·nrows·taps per output
};

std::size_t g_bench_misalign = 0;

double thread_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

template <class T>
double gflops(const KernelTable& k, const Shape& s, std::size_t n) {
  const Case c{s.nrows, s.taps, s.stride, s.dilation, n, s.mirror};
  const std::size_t len = row_len(c);
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> uni(-1.0, 1.0);
  // Rows start at 64-byte boundaries plus g_bench_misalign elements (0: as an aligned allocator gives).
  const std::size_t padded = (len + 64) / 16 * 16;
  std::vector<T> storage(s.nrows * padded + 64);
  T* base = storage.data();
  while (reinterpret_cast<std::uintptr_t>(base) % 64 != 0) base++;
  std::vector<const T*> rows;
  for (std::size_t r = 0; r < s.nrows; r++) {
    T* row = base + r * padded + g_bench_misalign;
    for (std::size_t i = 0; i < len; i++) row[i] = static_cast<T>(uni(rng));
    rows.push_back(row);
  }
  std::vector<T> w(s.nrows * s.taps), dst(n);
  make_weights(c, w, [&] { return uni(rng) / static_cast<double>(w.size()); });
  const auto f = fn<T>(k);
  const double flop = 2.0 * static_cast<double>(s.nrows * s.taps * n);
  // Calls per timing sample: ≈ 5 ms of work at 50 GFLOP/s. Thread CPU time, not wall time: the
  // machines are shared, and time spent descheduled is not the kernel's.
  const std::size_t reps = static_cast<std::size_t>(2.5e8 / flop) + 1;
  double best = 0;
  for (int sample = 0; sample < 15; sample++) {
    const double t0 = thread_seconds();
    for (std::size_t i = 0; i < reps; i++) f(rows.data(), w.data(), s.nrows, s.taps, s.stride, s.dilation, dst.data(), n);
    const double sec = thread_seconds() - t0;
    best = std::fmax(best, flop * static_cast<double>(reps) / sec / 1e9);
  }
  volatile T sink = dst[n / 2];  // keep the results observable
  (void)sink;
  return best;
}

int run_bench(const std::vector<const KernelTable*>& isas) {
  const Shape shapes[] = {
      {"3x3", 3, 3, 1, 1},           {"5x5", 5, 5, 1, 1},
      {"7x7", 7, 7, 1, 1},           {"9-tap row", 1, 9, 1, 1},
      {"9-row column", 9, 1, 1, 1},  {"31-tap row", 1, 31, 1, 1},
      {"31x31", 31, 31, 1, 1},       {"3x3 stride 2", 3, 3, 2, 1},
      {"3x3 dilation 2", 3, 3, 1, 2}, {"9-tap row stride 3", 1, 9, 3, 1},
      {"9-tap row stride 12", 1, 9, 12, 1},
      {"3x3 symmetric", 3, 3, 1, 1, 1},    {"3x3 antisymmetric", 3, 3, 1, 1, -1},
      {"5x5 symmetric", 5, 5, 1, 1, 1},    {"9-tap row symmetric", 1, 9, 1, 1, 1},
      {"3-tap row", 1, 3, 1, 1},           {"3-tap row antisym", 1, 3, 1, 1, -1},
      {"5-tap row", 1, 5, 1, 1},           {"5-tap row symmetric", 1, 5, 1, 1, 1},
  };

  const std::size_t width = 2048;  // input row width; strided shapes compute width / stride outputs
  std::printf("GFLOP/s (best of 15 samples of thread CPU time; 2·nrows·taps·n flops per call; rows hot in "
              "cache); FMA peak per core: 117 f32, 58.7 f64\n");
  std::printf("%-20s %5s", "shape", "dtype");
  for (const KernelTable* k : isas) std::printf(" %8s", k->isa);
  std::printf("\n");
  for (const Shape& s : shapes) {
    const std::size_t n = width / s.stride;
    for (int dt = 0; dt < 2; dt++) {
      std::printf("%-20s %5s", s.name, dt == 0 ? "f32" : "f64");
      for (const KernelTable* k : isas)
        std::printf(" %8.1f", dt == 0 ? gflops<float>(*k, s, n) : gflops<double>(*k, s, n));
      std::printf("\n");
      std::fflush(stdout);
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  bool bench = false;
  std::string only;
  for (int i = 1; i < argc; i++) {
    const std::string a = argv[i];
    if (a == "--bench") {
      bench = true;
    } else if (a == "--misalign" && i + 1 < argc) {
      g_bench_misalign = std::strtoul(argv[++i], nullptr, 10);
    } else if (a == "--isa" && i + 1 < argc) {
      only = argv[++i];
    } else {
      std::fprintf(stderr, "usage: %s [--bench] [--isa NAME]\n", argv[0]);
      return 2;
    }
  }
  std::vector<const KernelTable*> isas;
  if (!only.empty()) {
    const KernelTable* k = simdconv::find_kernels(only);
    if (k == nullptr) {
      std::fprintf(stderr, "ISA '%s' is not available here\n", only.c_str());
      return 2;
    }
    isas.push_back(k);
  } else {
    for (const std::string& name : simdconv::available_isas()) isas.push_back(simdconv::find_kernels(name));
  }
  std::printf("best_kernels(): %s\n", simdconv::best_kernels().isa);
  if (bench) return run_bench(isas);
  // The selection API: best is the first available, scalar is always last, unknown or foreign
  // ISAs are refused.
  const std::vector<std::string> names = simdconv::available_isas();
#if defined(__x86_64__) || defined(_M_X64)
  const char* foreign = "neon";
#else
  const char* foreign = "avx2";
#endif
  const bool api_ok = !names.empty() && names.front() == simdconv::best_kernels().isa &&
                      names.back() == "scalar" && simdconv::find_kernels("bogus") == nullptr &&
                      simdconv::find_kernels(foreign) == nullptr;
  if (!api_ok) std::printf("FAIL selection API\n");
  return run_tests(isas, api_ok);
}
