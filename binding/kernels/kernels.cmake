# Kernel sources, one translation unit per ISA, each compiled with its own flags (never -march=native).
# Included by the top-level CMakeLists.txt, which adds ${SIMDCONV_KERNEL_SOURCES} to the addon.
# Needs C++17 (if constexpr). Everything outside the ISA folders is baseline code: it must compile
# with the target's default flags, because it runs before we know what the CPU supports.
set(SIMDCONV_KERNEL_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/scalar/correlate_rows.cc
  ${CMAKE_CURRENT_LIST_DIR}/cpu_features.cc
  ${CMAKE_CURRENT_LIST_DIR}/select.cc
  ${CMAKE_CURRENT_LIST_DIR}/avx2/correlate_rows.cc
  ${CMAKE_CURRENT_LIST_DIR}/avx512/correlate_rows.cc
  ${CMAKE_CURRENT_LIST_DIR}/neon/correlate_rows.cc
)

# Every ISA file is compiled for every target: each guards its body with the architecture macros that
# kernels.h and select.cc use, so CMake cannot list a file select.cc does not expect or miss one it
# does (a universal macOS build compiles each file once per architecture). Only the flags depend on
# the target: the x86 files need theirs when compiling for x86-64, and must not get them otherwise
# (NEON is baseline on AArch64: no flags).
set(_simdconv_avx2 ${CMAKE_CURRENT_LIST_DIR}/avx2/correlate_rows.cc)
set(_simdconv_avx512 ${CMAKE_CURRENT_LIST_DIR}/avx512/correlate_rows.cc)
set(_simdconv_avx2_flags -mavx2 -mfma)
set(_simdconv_avx512_flags -mavx512f -mavx512vl -mavx512bw -mavx512dq -mfma)
string(TOLOWER "${CMAKE_SYSTEM_PROCESSOR}" _simdconv_arch)

if(MSVC)
  if(_simdconv_arch MATCHES "^(x86_64|amd64|x64)$")
    set_source_files_properties(${_simdconv_avx2} PROPERTIES COMPILE_OPTIONS "/arch:AVX2")
    set_source_files_properties(${_simdconv_avx512} PROPERTIES COMPILE_OPTIONS "/arch:AVX512")
  endif()
elseif(CMAKE_OSX_ARCHITECTURES)
  # macOS names its target slices here (e.g. "x86_64;arm64"); -Xarch_x86_64 gives a flag to the
  # x86-64 slice only.
  if(CMAKE_OSX_ARCHITECTURES MATCHES "x86_64")
    foreach(_isa avx2 avx512)
      set(_opts "")
      foreach(_flag IN LISTS _simdconv_${_isa}_flags)
        list(APPEND _opts -Xarch_x86_64 ${_flag})
      endforeach()
      set_source_files_properties(${_simdconv_${_isa}} PROPERTIES COMPILE_OPTIONS "${_opts}")
    endforeach()
  endif()
elseif(_simdconv_arch MATCHES "^(x86_64|amd64|x64)$")
  set_source_files_properties(${_simdconv_avx2} PROPERTIES COMPILE_OPTIONS "${_simdconv_avx2_flags}")
  set_source_files_properties(${_simdconv_avx512} PROPERTIES COMPILE_OPTIONS "${_simdconv_avx512_flags}")
endif()
