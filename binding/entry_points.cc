#include "entry_points.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#if defined(__x86_64__) || defined(_M_X64)
#include <emmintrin.h>  // SSE2, in every x86-64 baseline: no dispatch needed
#endif

#include "dispatch/dispatch.h"
#include "errors.h"
#include "job.h"

namespace simdconv {
namespace js {

namespace {

std::string isa_list() {
  std::string list;
  for (const std::string& isa : dispatch::available_isas()) list += (list.empty() ? "" : ", ") + isa;
  return list;
}

std::string unavailable(const std::string& requested) {
  return "simdconv native: ISA '" + requested + "' is not available on this CPU or in this build (available: " + isa_list() + ")";
}

}  // namespace

const std::string& apply_isa_from_environment() {
  static const std::string error = [] {  // a function-local static: initialised once, thread-safely
    const char* name = std::getenv("SIMDCONV_ISA");
    if (name == nullptr || *name == '\0' || dispatch::set_isa(name)) return std::string();
    return "SIMDCONV_ISA=" + std::string(name) + " cannot be used: " + unavailable(name);
  }();
  return error;
}

Napi::Value execute(const Napi::CallbackInfo& info) {
  const Job job = parse_job(info);
  const bool want_trace = info.Length() > 4 && info[4].IsBoolean() && info[4].As<Napi::Boolean>().Value();
  Trace trace;
  const std::string error = run_job(job, want_trace ? &trace : nullptr);
  if (!error.empty()) throw Napi::Error::New(info.Env(), error);
  if (!want_trace) return info.Env().Undefined();
  return Napi::String::New(info.Env(), describe(trace));
}

Napi::Value info(const Napi::CallbackInfo& args) {
  Napi::Env env = args.Env();
  Napi::Object result = Napi::Object::New(env);
  result.Set("isa", dispatch::active_kernels().isa);
  const std::vector<std::string> names = dispatch::available_isas();
  Napi::Array isas = Napi::Array::New(env, names.size());
  for (std::size_t i = 0; i < names.size(); i++) isas.Set(static_cast<std::uint32_t>(i), names[i]);
  result.Set("isas", isas);
  const unsigned threads = std::thread::hardware_concurrency();  // 0 when unknown
  result.Set("hardwareThreads", threads == 0 ? 1u : threads);
  const std::string& isa_error = apply_isa_from_environment();
  result.Set("isaError", isa_error.empty() ? env.Null() : Napi::String::New(env, isa_error));
  result.Set("fft", true);  // plans with method 'fft' run on binding/execute_fft.cc
  return result;
}

void set_isa(const Napi::CallbackInfo& info) {
  Napi::Value name = info[0];
  if (!name.IsString()) throw_type_error(info.Env(), "setIsa: name", "a string", name);
  const std::string requested = name.As<Napi::String>().Utf8Value();
  if (dispatch::set_isa(requested)) return;
  throw Napi::Error::New(info.Env(), unavailable(requested));
}

void stream_copy(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  void *in = nullptr, *out = nullptr;
  std::size_t in_bytes = 0, out_bytes = 0;
  if (info.Length() < 2 || !typed_array_memory(env, info[0], &in, &in_bytes) || !typed_array_memory(env, info[1], &out, &out_bytes) ||
      in_bytes != out_bytes) {
    throw Napi::TypeError::New(env, "streamCopy: input and output must be Float32Array or Float64Array of the same byte length");
  }
  auto* src = static_cast<const char*>(in);
  auto* dst = static_cast<char*>(out);
  std::size_t i = 0;
#if defined(__x86_64__) || defined(_M_X64)
  // Up to a 16-byte boundary of dst plainly, then 64 bytes per step streamed past the caches.
  for (; i < out_bytes && reinterpret_cast<std::uintptr_t>(dst + i) % 16 != 0; i++) dst[i] = src[i];
  for (; i + 64 <= out_bytes; i += 64) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i + 16));
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i + 32));
    const __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i + 48));
    _mm_stream_si128(reinterpret_cast<__m128i*>(dst + i), a);
    _mm_stream_si128(reinterpret_cast<__m128i*>(dst + i + 16), b);
    _mm_stream_si128(reinterpret_cast<__m128i*>(dst + i + 32), c);
    _mm_stream_si128(reinterpret_cast<__m128i*>(dst + i + 48), d);
  }
  _mm_sfence();
#endif
  if (i < out_bytes) std::memcpy(dst + i, src + i, out_bytes - i);
}

}  // namespace js
}  // namespace simdconv
