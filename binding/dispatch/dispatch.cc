#include "dispatch.h"

#include <atomic>

namespace simdconv {
namespace dispatch {
namespace {

// Best first. Until kernels.cmake compiles kernels/select.cc (the SIMD tables and their CPUID/XGETBV
// checks), scalar is the only table; then this list gives way to select.h's.
const KernelTable& (*const kTables[])() = {&scalar::table};

std::atomic<const KernelTable*> g_forced{nullptr};

}  // namespace

const KernelTable& active_kernels() {
  const KernelTable* forced = g_forced.load(std::memory_order_acquire);
  return forced ? *forced : kTables[0]();
}

bool set_isa(const std::string& name) {
  for (auto table : kTables) {
    if (name == table().isa) {
      g_forced.store(&table(), std::memory_order_release);
      return true;
    }
  }
  return false;
}

std::vector<std::string> available_isas() {
  std::vector<std::string> names;
  for (auto table : kTables) names.emplace_back(table().isa);
  return names;
}

}  // namespace dispatch
}  // namespace simdconv
