# Cross-compiling the Linux arm64 prebuild on an x86-64 Debian host (g++-aarch64-linux-gnu);
# scripts/cmake-js-shim.js passes it when prebuildify asks for --arch=arm64 on another architecture.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
