#include "sim/core/huge_pages.hpp"

#include <sys/mman.h>

#include <cstdint>

namespace cyres {

void advise_huge_pages(void* data, std::size_t bytes) {
  // [bytes]: a PMD-sized page with 4 KiB base pages (x86-64, most arm64).
  constexpr std::uintptr_t HUGE_PAGE = std::uintptr_t{2} << 20;
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (begin + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
  const std::uintptr_t last = (begin + bytes) & ~(HUGE_PAGE - 1);
  if (data == nullptr || last <= first) return;
  // A refusal (no THP in this kernel) leaves ordinary pages: nothing to report.
  // NOLINTNEXTLINE(performance-no-int-to-ptr): whole pages of the caller's own buffer
  static_cast<void>(::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE));
}

}  // namespace cyres
