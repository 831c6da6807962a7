// The export table of simdconv.node; the functions live in entry_points.cc and async_worker.cc.
#include <napi.h>

#include "async_worker.h"
#include "entry_points.h"

namespace {

Napi::Object init(Napi::Env env, Napi::Object exports) {
  exports.Set("execute", Napi::Function::New(env, simdconv::js::execute, "execute"));
  exports.Set("executeAsync", Napi::Function::New(env, simdconv::js::execute_async, "executeAsync"));
  exports.Set("info", Napi::Function::New(env, simdconv::js::info, "info"));
  exports.Set("setIsa", Napi::Function::New(env, simdconv::js::set_isa, "setIsa"));
  return exports;
}

}  // namespace

NODE_API_MODULE(simdconv, init)
