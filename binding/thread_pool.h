// A process-wide pool of worker threads, created lazily and grown on demand, shared by every call
// (sync calls on the JS thread and async calls on libuv's threads alike).
#pragma once
#include <cstddef>
#include <functional>

namespace simdconv {

/**
 * Runs fn(i) for every i in [0, n), on the calling thread plus up to n − 1 pool threads, and returns
 * when all have finished. The caller takes work too, so it finishes even when every pool thread is
 * busy with other calls. The first exception thrown by any fn(i) is rethrown here, after all finish.
 */
void parallel_for(std::size_t n, const std::function<void(std::size_t)>& fn);

}  // namespace simdconv
