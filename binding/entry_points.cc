#include "entry_points.h"

#include <cstdlib>
#include <string>
#include <thread>

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

void execute(const Napi::CallbackInfo& info) {
  const Job job = parse_job(info);
  const std::string error = run_job(job);
  if (!error.empty()) throw Napi::Error::New(info.Env(), error);
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

}  // namespace js
}  // namespace simdconv
