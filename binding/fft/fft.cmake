# FFT sources (binding/fft), one translation unit per ISA with its own flags, exactly like the kernels
# (binding/kernels/kernels.cmake, included first: it sets _simdconv_arch). Defines SIMDCONV_FFT_SOURCES.
set(SIMDCONV_FFT_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/plan.cc
  ${CMAKE_CURRENT_LIST_DIR}/scalar.cc
)
if(_simdconv_arch MATCHES "^(x86_64|amd64|x64)$")
  if(MSVC)
    set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/avx2.cc PROPERTIES COMPILE_OPTIONS "/arch:AVX2")
    set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/avx512.cc PROPERTIES COMPILE_OPTIONS "/arch:AVX512")
  else()
    set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/avx2.cc PROPERTIES COMPILE_OPTIONS "-mavx2;-mfma")
    set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/avx512.cc PROPERTIES COMPILE_OPTIONS
      "-mavx512f;-mavx512vl;-mavx512bw;-mavx512dq;-mfma")
  endif()
  list(APPEND SIMDCONV_FFT_SOURCES ${CMAKE_CURRENT_LIST_DIR}/avx2.cc ${CMAKE_CURRENT_LIST_DIR}/avx512.cc)
elseif(_simdconv_arch MATCHES "^(aarch64|arm64)$")
  list(APPEND SIMDCONV_FFT_SOURCES ${CMAKE_CURRENT_LIST_DIR}/neon.cc)
endif()
