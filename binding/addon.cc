// The export table of simdconv.node; the functions live in entry_points.cc, async_worker.cc,
// template_scores.cc and pixels.cc.
//
// Each environment (the main thread, each worker_thread) runs init once. Nothing here is
// per-environment state: the kernel ISA and thread pool are the process's, and SIMDCONV_ISA is
// applied once per process. A worker can be terminated at any moment, including during init or a
// call: the build defines NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS so that an exception that can no
// longer be thrown into a dying environment is dropped instead of escaping as std::terminate.
#include <napi.h>

#include "async_worker.h"
#include "entry_points.h"
#include "template_scores.h"
#include "pixels.h"

namespace {

Napi::Object init(Napi::Env env, Napi::Object exports) {
  simdconv::js::apply_isa_from_environment();
  exports.Set("execute", Napi::Function::New(env, simdconv::js::execute, "execute"));
  exports.Set("executeAsync", Napi::Function::New(env, simdconv::js::execute_async, "executeAsync"));
  exports.Set("info", Napi::Function::New(env, simdconv::js::info, "info"));
  exports.Set("setIsa", Napi::Function::New(env, simdconv::js::set_isa, "setIsa"));
  exports.Set("scoreTemplate", Napi::Function::New(env, simdconv::js::score_template, "scoreTemplate"));
  exports.Set("levelsToFloat", Napi::Function::New(env, simdconv::js::levels_to_float, "levelsToFloat"));
  exports.Set("floatToLevels", Napi::Function::New(env, simdconv::js::float_to_levels, "floatToLevels"));
  exports.Set("streamLimit", Napi::Function::New(env, simdconv::js::stream_limit, "streamLimit"));
  exports.Set("streamCopy", Napi::Function::New(env, simdconv::js::stream_copy, "streamCopy"));
  return exports;
}

}  // namespace

NODE_API_MODULE(simdconv, init)
