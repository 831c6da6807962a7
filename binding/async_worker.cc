#include "async_worker.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <utility>

#include "job.h"

// Why the libuv thread never touches memory that JS owns: while the call runs, JS may transfer or
// detach the input or the output (structuredClone(buf, { transfer: [buf] }), postMessage), after
// which their memory can be freed; and a worker thread running the call can be terminated, tearing
// its environment down. So the input is copied into memory this call owns before the work is queued,
// the result is computed into memory it owns, and it is copied into the output array on the JS thread
// at completion, only if that array is still attached and of the same size. The cost is one memcpy of
// each (README, "Async calls"). Completion uses the Node-API C functions directly and ignores their
// status where failure only means the environment is going away: it never throws, so a dying
// environment cannot turn it into std::terminate.

namespace simdconv {
namespace {

// The kernels peel to their vector alignment, so a copy must sit at the same address modulo the
// widest vector as the array it stands for: then async results are bit-identical to sync ones.
constexpr std::size_t kAlign = 64;

/** Uninitialised memory for a copy of `bytes` bytes at `like` (modulo kAlign); data() is the copy. */
class Copy {
 public:
  Copy() = default;
  Copy(const void* like, std::size_t bytes) : memory_(new unsigned char[bytes + 2 * kAlign]) {
    const auto base = reinterpret_cast<std::uintptr_t>(memory_.get());
    const std::size_t want = reinterpret_cast<std::uintptr_t>(like) % kAlign;
    data_ = memory_.get() + kAlign - base % kAlign + want;
  }
  unsigned char* data() const { return data_; }

 private:
  std::unique_ptr<unsigned char[]> memory_;
  unsigned char* data_ = nullptr;
};

// executeAsync's optional 5th argument: bit 2 says the output array is private to the call (run.ts
// allocated it and hands it out only when the Promise settles), so it cannot be detached meanwhile,
// and the job writes it directly: the reference below keeps it alive, and an environment being torn
// down waits for queued work to complete before it frees anything.
constexpr std::uint32_t kPrivateOutput = 2;
// Bit 4: resolve with the paths taken (trace.h), as `execute` does when its `trace` argument is true;
// without it the Promise resolves with undefined and no line is made.
constexpr std::uint32_t kTrace = 4;

struct AsyncCall {
  Job job;
  Copy input;   // the copy the job reads
  Copy output;  // what the job writes; copied out at completion (unused when private_output)
  bool private_output = false;
  napi_ref output_array = nullptr;          // keeps the caller's output array alive, not its memory
  napi_deferred deferred = nullptr;
  napi_async_work work = nullptr;
  std::string error;  // run_job's message, or "" on success
  bool want_trace = false;
  Trace trace;  // the paths taken: the promise's value when want_trace
};

void execute(napi_env, void* data) {
  auto* call = static_cast<AsyncCall*>(data);
  call->error = run_job(call->job, call->want_trace ? &call->trace : nullptr);
}

/** An Error or TypeError value with `message`, or nullptr when the environment cannot make one. */
napi_value make_error(napi_env env, const std::string& message, bool type_error) {
  napi_value text = nullptr, error = nullptr;
  if (napi_create_string_utf8(env, message.data(), message.size(), &text) != napi_ok) return nullptr;
  const napi_status status = type_error ? napi_create_type_error(env, nullptr, text, &error)
                                        : napi_create_error(env, nullptr, text, &error);
  return status == napi_ok ? error : nullptr;
}

void complete(napi_env env, napi_status status, void* data) {
  std::unique_ptr<AsyncCall> call(static_cast<AsyncCall*>(data));
  napi_delete_async_work(env, call->work);
  napi_value output = nullptr;
  if (napi_get_reference_value(env, call->output_array, &output) != napi_ok) output = nullptr;
  napi_delete_reference(env, call->output_array);

  std::string message = call->error;
  bool type_error = false;
  if (status != napi_ok && message.empty()) message = "simdconv native: the call was cancelled";
  if (message.empty()) {
    void* memory = nullptr;
    std::size_t bytes = 0;
    if (output == nullptr || !typed_array_memory(env, output, &memory, &bytes)) {
      message = "simdconv native: the output array is no longer available";
    } else if (bytes != call->job.output_bytes || (bytes != 0 && memory == nullptr)) {
      message = "simdconv native: output must stay attached and keep its size until the call settles (got " +
                std::to_string(bytes) + " bytes where " + std::to_string(call->job.output_bytes) + " were expected)";
      type_error = true;
    } else if (bytes != 0 && !call->private_output) {
      std::memcpy(memory, call->output.data(), bytes);
    }
  }
  if (message.empty()) {
    napi_value value = nullptr;
    if (!call->want_trace) {
      if (napi_get_undefined(env, &value) == napi_ok) napi_resolve_deferred(env, call->deferred, value);
      return;
    }
    const std::string line = describe(call->trace);
    if (napi_create_string_utf8(env, line.data(), line.size(), &value) == napi_ok) napi_resolve_deferred(env, call->deferred, value);
    return;
  }
  napi_value error = make_error(env, message, type_error);
  if (error != nullptr) napi_reject_deferred(env, call->deferred, error);
}

Napi::Value rejected(Napi::Env env, const Napi::Value& error) {
  auto deferred = Napi::Promise::Deferred::New(env);
  deferred.Reject(error);
  return deferred.Promise();
}

}  // namespace

namespace js {

Napi::Value execute_async(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto call = std::make_unique<AsyncCall>();
  try {
    call->job = parse_job(info);
  } catch (const Napi::Error& e) {
    return rejected(env, e.Value());
  }
  Job& job = call->job;
  if (info.Length() > 4 && info[4].IsNumber()) {
    const std::uint32_t flags = info[4].As<Napi::Number>().Uint32Value();
    call->private_output = (flags & kPrivateOutput) != 0;
    call->want_trace = (flags & kTrace) != 0;
  }
  try {
    call->input = Copy(job.input, job.input_bytes);
    if (!call->private_output) call->output = Copy(job.output, job.output_bytes);
  } catch (const std::bad_alloc&) {
    return rejected(env, Napi::RangeError::New(env, "simdconv native: out of memory for the copies an async call works on").Value());
  }
  if (job.input_bytes != 0) std::memcpy(call->input.data(), job.input, job.input_bytes);
  job.input = call->input.data();
  if (!call->private_output) job.output = call->output.data();

  napi_value promise = nullptr, name = nullptr;
  NAPI_THROW_IF_FAILED(env, napi_create_reference(env, info[2], 1, &call->output_array), Napi::Value());
  napi_status status = napi_create_promise(env, &call->deferred, &promise);
  if (status == napi_ok) status = napi_create_string_utf8(env, "simdconv:executeAsync", NAPI_AUTO_LENGTH, &name);
  if (status == napi_ok) status = napi_create_async_work(env, nullptr, name, execute, complete, call.get(), &call->work);
  if (status == napi_ok) status = napi_queue_async_work(env, call->work);
  if (status != napi_ok) {
    if (call->work != nullptr) napi_delete_async_work(env, call->work);
    napi_delete_reference(env, call->output_array);
    if (call->deferred == nullptr) NAPI_THROW_IF_FAILED(env, status, Napi::Value());
    napi_value error = make_error(env, "simdconv native: could not queue the async call", false);
    if (error != nullptr) napi_reject_deferred(env, call->deferred, error);
    return Napi::Value(env, promise);
  }
  call.release();  // complete() owns it from here
  return Napi::Value(env, promise);
}

}  // namespace js
}  // namespace simdconv
