# Kernel sources, one translation unit per ISA, each compiled with its own flags (never -march=native).
# Included by the top-level CMakeLists.txt, which adds ${SIMDCONV_KERNEL_SOURCES} to the addon.
# Needs C++17 (if constexpr). Everything outside the ISA folders is baseline code: it must compile
# with the target's default flags, because it runs before we know what the CPU supports.
set(SIMDCONV_KERNEL_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/scalar/correlate_rows.cc
  ${CMAKE_CURRENT_LIST_DIR}/cpu_features.cc
  ${CMAKE_CURRENT_LIST_DIR}/select.cc
)

# Which ISA TUs to build follows the *target* architecture (cross builds included); select.cc makes
# the same decision from the compiler's predefined macros, so the two cannot disagree.
string(TOLOWER "${CMAKE_SYSTEM_PROCESSOR}" _simdconv_arch)
if(CMAKE_OSX_ARCHITECTURES)  # macOS universal/cross builds name the target here
  string(TOLOWER "${CMAKE_OSX_ARCHITECTURES}" _simdconv_arch)
endif()

if(_simdconv_arch MATCHES "^(x86_64|amd64|x64)$")
  set(_simdconv_avx2 ${CMAKE_CURRENT_LIST_DIR}/avx2/correlate_rows.cc)
  set(_simdconv_avx512 ${CMAKE_CURRENT_LIST_DIR}/avx512/correlate_rows.cc)
  if(MSVC)
    set_source_files_properties(${_simdconv_avx2} PROPERTIES COMPILE_OPTIONS "/arch:AVX2")
    set_source_files_properties(${_simdconv_avx512} PROPERTIES COMPILE_OPTIONS "/arch:AVX512")
  else()
    set_source_files_properties(${_simdconv_avx2} PROPERTIES COMPILE_OPTIONS "-mavx2;-mfma")
    set_source_files_properties(${_simdconv_avx512} PROPERTIES COMPILE_OPTIONS
      "-mavx512f;-mavx512vl;-mavx512bw;-mavx512dq;-mfma")
  endif()
  list(APPEND SIMDCONV_KERNEL_SOURCES ${_simdconv_avx2} ${_simdconv_avx512})
elseif(_simdconv_arch MATCHES "^(aarch64|arm64)$")
  # NEON (with float64 lanes) is baseline on AArch64: no extra flags.
  list(APPEND SIMDCONV_KERNEL_SOURCES ${CMAKE_CURRENT_LIST_DIR}/neon/correlate_rows.cc)
endif()
