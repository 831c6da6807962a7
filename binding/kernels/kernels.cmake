# Kernel sources, one translation unit per ISA, each compiled with its own flags (never -march=native).
# Included by the top-level CMakeLists.txt, which adds ${SIMDCONV_KERNEL_SOURCES} to the addon.
set(SIMDCONV_KERNEL_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/scalar/correlate_rows.cc
)
