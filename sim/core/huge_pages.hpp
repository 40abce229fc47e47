#pragma once
// Transparent huge pages for the big columns: a table of 10^7 links is a few
// hundred MiB, and filling freshly allocated memory 4 KiB at a time costs a
// page fault per page, which is most of the time spent loading a big scenario
// (docs/performance.md, "Start-up"). Where the kernel gives huge pages on
// request (transparent_hugepage "madvise", as on Debian), one fault maps
// 2 MiB instead.

#include <cstddef>
#include <vector>

namespace cyres {

//! Asks for huge pages in the whole 2 MiB pages within `bytes` at `data`,
//! best before anything there is touched. Only a hint: nothing happens where
//! huge pages are off or the range holds no whole one.
void advise_huge_pages(void* data, std::size_t bytes);

//! v.reserve(n), with huge pages asked for the new buffer.
template <class T>
void reserve_huge(std::vector<T>& v, std::size_t n) {
  v.reserve(n);
  advise_huge_pages(v.data(), v.capacity() * sizeof(T));
}

//! v.resize(n) into a fresh buffer with huge pages asked for (an empty v).
template <class T>
void resize_huge(std::vector<T>& v, std::size_t n) {
  reserve_huge(v, n);
  v.resize(n);
}

}  // namespace cyres
