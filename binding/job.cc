#include "job.h"

#include <exception>
#include <new>

#include "dispatch/dispatch.h"
#include "errors.h"
#include "execute_direct.h"
#include "execute_fft.h"
#include "memory_hint.h"

namespace simdconv {
namespace {

// The range setThreads accepts (src/backend/index.ts); the pool grows only as far as calls need.
constexpr int kMaxThreads = 1024;

bool is_float_array(const Napi::Value& v) {
  if (!v.IsTypedArray()) return false;
  const napi_typedarray_type type = v.As<Napi::TypedArray>().TypedArrayType();
  return type == napi_float32_array || type == napi_float64_array;
}

}  // namespace

bool typed_array_memory(napi_env env, napi_value array, void** data, std::size_t* bytes) {
  napi_typedarray_type type;
  std::size_t length = 0, offset = 0;
  napi_value buffer;
  *data = nullptr;
  *bytes = 0;
  if (napi_get_typedarray_info(env, array, &type, &length, data, &buffer, &offset) != napi_ok) return false;
  const std::size_t element = type == napi_float64_array ? 8 : type == napi_float32_array ? 4 : 0;
  if (element == 0) return false;
  *bytes = length * element;  // 0 once the buffer is detached
  return true;
}

Job parse_job(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Job job{parse_plan(info[0]), false, nullptr, nullptr, 0, 0, 1, &dispatch::active_kernels()};
  const Plan& plan = job.plan;

  Napi::Value in = info[1], out = info[2], threads = info[3];
  if (!is_float_array(in)) throw_type_error(env, "input", "a Float32Array or Float64Array", in);
  const napi_typedarray_type type = in.As<Napi::TypedArray>().TypedArrayType();
  job.f64 = type == napi_float64_array;
  const char* same = job.f64 ? "a Float64Array, like the input" : "a Float32Array, like the input";
  if (!out.IsTypedArray() || out.As<Napi::TypedArray>().TypedArrayType() != type) throw_type_error(env, "output", same, out);

  auto input = in.As<Napi::TypedArray>(), output = out.As<Napi::TypedArray>();
  const char* in_what = plan.complex_input ? " (2 per complex sample)" : "";
  const char* out_what = plan.complex_output() ? " (2 per complex sample)" : "";
  if (input.ElementLength() != plan.input_length)
    throw_range_error(env, "input", "of length " + std::to_string(plan.input_length) + in_what, describe(in));
  if (output.ElementLength() != plan.output_length)
    throw_range_error(env, "output", "of length " + std::to_string(plan.output_length) + out_what, describe(out));
  void* in_data;
  void* out_data;
  if (!typed_array_memory(env, in, &in_data, &job.input_bytes) || !typed_array_memory(env, out, &out_data, &job.output_bytes))
    throw Napi::Error::New(env, "simdconv native: cannot read the memory of the input or output array");
  // A length-0 array may have no memory at all; the executor then reads and writes nothing.
  if ((job.input_bytes != 0 && in_data == nullptr) || (job.output_bytes != 0 && out_data == nullptr))
    throw Napi::Error::New(env, "simdconv native: the input or output array has no memory");
  job.input = in_data;
  job.output = out_data;
  prefer_huge_pages(job.output, job.output_bytes);

  if (!threads.IsNumber()) throw_type_error(env, "threads", "a number", threads);
  const double t = threads.As<Napi::Number>().DoubleValue();
  if (!(t >= 1 && t <= kMaxThreads && t == static_cast<double>(static_cast<std::size_t>(t))))
    throw_range_error(env, "threads", "an integer from 1 to " + std::to_string(kMaxThreads), describe(threads));
  job.threads = static_cast<std::size_t>(t);
  return job;
}

std::string run_job(const Job& job, Trace* trace) noexcept {
  try {
    if (job.plan.method == Method::Fft && fft_fits(job.plan)) {
      if (trace != nullptr) {
        trace->isa = job.kernels->isa;
        trace->fft = true;
      }
      const fft::Table& fft = fft::table_for(job.kernels->isa);
      if (job.f64)
        execute_fft(job.plan, static_cast<const double*>(job.input), static_cast<double*>(job.output), fft, job.threads);
      else
        execute_fft(job.plan, static_cast<const float*>(job.input), static_cast<float*>(job.output), fft, job.threads);
      return "";
    }
    if (job.f64)
      execute_direct(job.plan, static_cast<const double*>(job.input), static_cast<double*>(job.output), *job.kernels, job.threads, trace);
    else
      execute_direct(job.plan, static_cast<const float*>(job.input), static_cast<float*>(job.output), *job.kernels, job.threads, trace);
    return "";
  } catch (const std::bad_alloc&) {
    return "simdconv native: out of memory for the row buffers of this call";
  } catch (const std::exception& e) {
    return std::string("simdconv native: ") + e.what();
  } catch (...) {
    return "simdconv native: unknown failure";
  }
}

}  // namespace simdconv
