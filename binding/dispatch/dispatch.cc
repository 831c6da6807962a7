#include "dispatch.h"

#include <atomic>

#include "kernels/select.h"

namespace simdconv {
namespace dispatch {
namespace {

// nullptr: no override, use the best table kernels/select.cc found (CPUID + XGETBV, once).
std::atomic<const KernelTable*> g_forced{nullptr};

}  // namespace

const KernelTable& active_kernels() {
  const KernelTable* forced = g_forced.load(std::memory_order_acquire);
  return forced ? *forced : best_kernels();
}

bool set_isa(const std::string& name) {
  const KernelTable* table = find_kernels(name);
  if (table) g_forced.store(table, std::memory_order_release);
  return table != nullptr;
}

std::vector<std::string> available_isas() { return simdconv::available_isas(); }

}  // namespace dispatch
}  // namespace simdconv
