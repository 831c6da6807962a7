#include "async_worker.h"

#include <utility>

#include "job.h"

namespace simdconv {
namespace {

// Owns a parsed Job (plain data, including its own copy of the plan) and references to the input
// and output arrays, which keep their memory alive until the Promise settles. Execute() runs on a
// libuv thread and touches no JS value; the rest runs on the JS thread.
class ExecuteWorker : public Napi::AsyncWorker {
 public:
  ExecuteWorker(Napi::Env env, Job job, Napi::Object input, Napi::Object output)
      : Napi::AsyncWorker(env, "simdconv:executeAsync"),
        job_(std::move(job)),
        deferred_(Napi::Promise::Deferred::New(env)),
        input_(Napi::Persistent(input)),
        output_(Napi::Persistent(output)) {}

  Napi::Promise promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override {
    const std::string error = run_job(job_);
    if (!error.empty()) SetError(error);
  }
  void OnOK() override { deferred_.Resolve(Env().Undefined()); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Job job_;
  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference input_;
  Napi::ObjectReference output_;
};

}  // namespace

namespace js {

Napi::Value execute_async(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Job job;
  try {
    job = parse_job(info);
  } catch (const Napi::Error& e) {
    auto rejected = Napi::Promise::Deferred::New(env);
    rejected.Reject(e.Value());
    return rejected.Promise();
  }
  // parse_job checked both are typed arrays. The worker deletes itself once the Promise settles.
  auto* worker = new ExecuteWorker(env, std::move(job), info[1].As<Napi::Object>(), info[2].As<Napi::Object>());
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

}  // namespace js
}  // namespace simdconv
