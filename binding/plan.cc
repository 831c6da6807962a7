#include "plan.h"

#include <cmath>
#include <limits>
#include <string>

#include "errors.h"

namespace simdconv {
namespace {

// Lengths and steps are capped so that every product below fits in 64 bits before it is checked
// against a real array length; map entries are int32, so no axis can address more than this anyway.
constexpr double kMaxInt = std::numeric_limits<std::int32_t>::max();

/** a · b, or a RangeError when it cannot be an array length. */
std::uint64_t checked_mul(Napi::Env env, std::uint64_t a, std::uint64_t b, const std::string& what) {
  if (b != 0 && a > std::numeric_limits<std::size_t>::max() / b)
    throw_range_error(env, what, "addressable", "a product over " + std::to_string(std::numeric_limits<std::size_t>::max()));
  return a * b;
}

Napi::Object object_arg(const Napi::Value& v, const std::string& arg) {
  if (!v.IsObject() || v.IsArray()) throw_type_error(v.Env(), arg, "an object", v);
  return v.As<Napi::Object>();
}

std::size_t integer_field(const Napi::Object& o, const char* key, const std::string& path, double min) {
  Napi::Value v = o.Get(key);
  const std::string arg = path + "." + key;
  if (!v.IsNumber()) throw_type_error(o.Env(), arg, "a number", v);
  double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= min && d <= kMaxInt && std::floor(d) == d))
    throw_range_error(o.Env(), arg, "an integer from " + std::to_string(static_cast<int>(min)) + " to " +
                      std::to_string(static_cast<std::int32_t>(kMaxInt)), describe(v));
  return static_cast<std::size_t>(d);
}

bool boolean_field(const Napi::Object& o, const char* key) {
  Napi::Value v = o.Get(key);
  if (!v.IsBoolean()) throw_type_error(o.Env(), std::string("plan.") + key, "a boolean", v);
  return v.As<Napi::Boolean>().Value();
}

/** The typed array at o[key]: of element type `type` (`kind` names it, e.g. "an Int32Array"), `length`
 *  long (`exact`) or at most `length` long. */
template <class T>
Napi::TypedArrayOf<T> typed_field(const Napi::Object& o, const char* key, const std::string& path,
                                  napi_typedarray_type type, const char* kind, std::uint64_t length, bool exact = true) {
  Napi::Value v = o.Get(key);
  const std::string arg = path + "." + key;
  const std::string expected = std::string(kind) + " of length " + (exact ? "" : "at most ") + std::to_string(length);
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type) throw_type_error(o.Env(), arg, expected, v);
  auto a = v.As<Napi::TypedArrayOf<T>>();
  if (exact ? a.ElementLength() != length : a.ElementLength() > length) throw_range_error(o.Env(), arg, expected, describe(v));
  return a;
}

/** A signed integer field of magnitude below 2^31. */
std::ptrdiff_t signed_field(const Napi::Object& o, const char* key, const std::string& path) {
  Napi::Value v = o.Get(key);
  const std::string arg = path + "." + key;
  if (!v.IsNumber()) throw_type_error(o.Env(), arg, "a number", v);
  double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= -kMaxInt && d <= kMaxInt && std::floor(d) == d))
    throw_range_error(o.Env(), arg, "an integer of magnitude below 2^31", describe(v));
  return static_cast<std::ptrdiff_t>(d);
}

AxisPlan parse_axis(const Napi::Value& value, const std::string& path) {
  Napi::Object o = object_arg(value, path);
  Napi::Env env = o.Env();
  AxisPlan a;
  a.in_len = integer_field(o, "inLen", path, 0);
  a.out_len = integer_field(o, "outLen", path, 0);
  a.taps = integer_field(o, "taps", path, 1);
  a.stride = integer_field(o, "stride", path, 1);
  a.dilation = integer_field(o, "dilation", path, 1);
  // Each factor is below 2^31, so this cannot overflow 64 bits.
  const std::uint64_t map_len = a.out_len == 0 ? 0
      : std::uint64_t(a.out_len - 1) * a.stride + std::uint64_t(a.taps - 1) * a.dilation + 1;
  auto border = [&](const char* key, std::vector<std::int32_t>& dst) {
    auto m = typed_field<std::int32_t>(o, key, path, napi_int32_array, "an Int32Array", map_len, false);
    dst.assign(m.Data(), m.Data() + m.ElementLength());
    for (std::size_t q = 0; q < dst.size(); q++) {
      if (dst[q] < -1 || (dst[q] >= 0 && static_cast<std::size_t>(dst[q]) >= a.in_len))
        throw_range_error(env, path + "." + key + "[" + std::to_string(q) + "]",
                          "−1 or an index below inLen = " + std::to_string(a.in_len), std::to_string(dst[q]));
    }
  };
  border("head", a.head);
  border("tail", a.tail);
  a.run_length = integer_field(o, "runLength", path, 0);
  const std::string lengths = path + ".head, runLength and tail";
  if (std::uint64_t(a.head.size()) + a.run_length + a.tail.size() != map_len)
    throw_range_error(env, lengths, "covering " + std::to_string(map_len) + " map positions",
                      std::to_string(a.head.size()) + " + " + std::to_string(a.run_length) + " + " + std::to_string(a.tail.size()));
  a.shift = signed_field(o, "shift", path);
  // The run reads inputs run_start + shift … run_end − 1 + shift: all inside the input.
  const std::int64_t first = std::int64_t(a.run_start()) + a.shift, end = std::int64_t(a.run_end()) + a.shift;
  if (a.run_length > 0 && (first < 0 || end > std::int64_t(a.in_len)))
    throw_range_error(env, path + ".shift", "such that the run reads inside inLen = " + std::to_string(a.in_len),
                      std::to_string(a.shift) + " (reads " + std::to_string(first) + " … " + std::to_string(end - 1) + ")");
  return a;
}

}  // namespace

Plan parse_plan(const Napi::Value& value) {
  Napi::Object o = object_arg(value, "plan");
  Napi::Env env = o.Env();
  Plan plan;

  Napi::Value axes = o.Get("axes");
  if (!axes.IsArray() || axes.As<Napi::Array>().Length() == 0) throw_type_error(env, "plan.axes", "a non-empty array", axes);
  const std::uint32_t d = axes.As<Napi::Array>().Length();
  std::uint64_t taps = 1, in_samples = 1, out_samples = 1;
  for (std::uint32_t i = 0; i < d; i++) {
    const std::string path = "plan.axes[" + std::to_string(i) + "]";
    plan.axes.push_back(parse_axis(axes.As<Napi::Array>().Get(i), path));
    const AxisPlan& a = plan.axes.back();
    taps = checked_mul(env, taps, a.taps, "the product of plan.axes[…].taps");
    in_samples = checked_mul(env, in_samples, a.in_len, "the product of plan.axes[…].inLen");
    out_samples = checked_mul(env, out_samples, a.out_len, "the product of plan.axes[…].outLen");
  }

  plan.complex_input = boolean_field(o, "complexInput");
  plan.complex_weights = boolean_field(o, "complexWeights");
  auto w = typed_field<double>(o, "weights", "plan", napi_float64_array, "a Float64Array",
                               checked_mul(env, taps, plan.complex_weights ? 2 : 1, "plan.weights length"));
  plan.weights.assign(w.Data(), w.Data() + w.ElementLength());

  Napi::Value fill = o.Get("fill");
  if (!fill.IsArray() || fill.As<Napi::Array>().Length() != 2) throw_type_error(env, "plan.fill", "an array [re, im]", fill);
  Napi::Value re = fill.As<Napi::Array>().Get(0u), im = fill.As<Napi::Array>().Get(1u);
  if (!re.IsNumber()) throw_type_error(env, "plan.fill[0]", "a number", re);
  if (!im.IsNumber()) throw_type_error(env, "plan.fill[1]", "a number", im);
  plan.fill_re = re.As<Napi::Number>().DoubleValue();
  plan.fill_im = im.As<Napi::Number>().DoubleValue();

  // Optional factors of rank-1 real weights: { lead: Float64Array(Π leading taps), row: Float64Array(last taps) }.
  Napi::Value factors = o.Get("factors");
  if (!factors.IsUndefined()) {
    if (!factors.IsObject()) throw_type_error(env, "plan.factors", "an object { lead, row } or undefined", factors);
    if (plan.complex_weights) throw_type_error(env, "plan.factors", "absent for complex weights", factors);
    const std::uint64_t row_taps = plan.axes.back().taps;
    Napi::Object f = factors.As<Napi::Object>();
    auto lead = typed_field<double>(f, "lead", "plan.factors", napi_float64_array, "a Float64Array", taps / row_taps);
    auto row = typed_field<double>(f, "row", "plan.factors", napi_float64_array, "a Float64Array", row_taps);
    plan.lead_factor.assign(lead.Data(), lead.Data() + lead.ElementLength());
    plan.row_factor.assign(row.Data(), row.Data() + row.ElementLength());
  }

  Napi::Value method = o.Get("method");
  if (method.IsUndefined() || (method.IsString() && method.As<Napi::String>().Utf8Value() == "direct")) plan.method = Method::Direct;
  else if (method.IsString() && method.As<Napi::String>().Utf8Value() == "fft") plan.method = Method::Fft;
  else throw_type_error(env, "plan.method", "'direct', 'fft' or undefined", method);

  plan.input_length = checked_mul(env, in_samples, plan.complex_input ? 2 : 1, "the input length");
  plan.output_length = checked_mul(env, out_samples, plan.complex_output() ? 2 : 1, "the output length");
  return plan;
}

}  // namespace simdconv
