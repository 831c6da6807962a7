// Linked into Linux prebuilds only (CMake option SIMDCONV_PORTABLE): binds the glibc symbols whose
// default version is newer than glibc 2.28 to versions every glibc >= 2.28 has, so one binary built on
// a current distribution loads on older ones. libstdc++ is linked statically (its GLIBCXX versions
// would otherwise tie us to the build machine's), which brings its references to new glibc symbols
// with it; the linker redirects each of them here with -Wl,--wrap=<name> (see the list in
// CMakeLists.txt). test/prebuild.test.ts reads the result with `objdump -T`.
//
// Why each one appears and what stands in for it:
// - pthread_*: glibc 2.32 and 2.34 moved libpthread into libc and gave these functions a new default version.
//   The original versions are still exported (by libpthread before 2.34, by libc after), and Node
//   itself links libpthread on the older systems, so binding to them loses nothing.
// - __libc_single_threaded (2.32): libstdc++ reads it to skip atomic reference counting while the
//   process has one thread. 0 means "maybe multi-threaded": always atomic, always correct.
// - arc4random (2.36): std::random_device's default source. getentropy (2.25) gives the same bytes.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#include <cstdint>
#include <cstdlib>

#if defined(__linux__) && defined(__GLIBC__)

#if defined(__x86_64__)
#define SIMDCONV_GLIBC_BASE "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define SIMDCONV_GLIBC_BASE "GLIBC_2.17"
#else
#error "SIMDCONV_PORTABLE: add this architecture's first glibc symbol version"
#endif

// `old_<name>` is an undefined reference bound to <name>@<base version>; `__wrap_<name>` is what
// every reference to <name> in the addon and the static libstdc++ now calls.
#define SIMDCONV_OLD(ret, name, params, args)                                          \
  extern "C" ret old_##name params;                                                    \
  __asm__(".symver old_" #name ", " #name "@" SIMDCONV_GLIBC_BASE);                  \
  extern "C" __attribute__((visibility("hidden"))) ret __wrap_##name params { return old_##name args; }

SIMDCONV_OLD(int, pthread_create, (pthread_t* t, const pthread_attr_t* a, void* (*f)(void*), void* arg), (t, a, f, arg))
SIMDCONV_OLD(int, pthread_detach, (pthread_t t), (t))
SIMDCONV_OLD(int, pthread_join, (pthread_t t, void** r), (t, r))
SIMDCONV_OLD(int, pthread_once, (pthread_once_t* o, void (*f)()), (o, f))
SIMDCONV_OLD(int, pthread_key_create, (pthread_key_t* k, void (*d)(void*)), (k, d))
SIMDCONV_OLD(int, __pthread_key_create, (pthread_key_t* k, void (*d)(void*)), (k, d))
SIMDCONV_OLD(int, pthread_key_delete, (pthread_key_t k), (k))
SIMDCONV_OLD(void*, pthread_getspecific, (pthread_key_t k), (k))
SIMDCONV_OLD(int, pthread_setspecific, (pthread_key_t k, const void* v), (k, v))
SIMDCONV_OLD(int, pthread_sigmask, (int how, const sigset_t* set, sigset_t* old), (how, set, old))

extern "C" {
__attribute__((visibility("hidden"))) char __wrap___libc_single_threaded = 0;
}

extern "C" __attribute__((visibility("hidden"))) uint32_t __wrap_arc4random() {
  uint32_t v;
  if (getentropy(&v, sizeof v) != 0) abort();  // cannot fail for 4 bytes once the kernel's pool is ready
  return v;
}

#endif
