#include "errors.h"

#include <cmath>
#include <cstdio>

namespace simdconv {
namespace {

const char kPrefix[] = "simdconv native: ";

std::string typed_array_name(napi_typedarray_type type) {
  switch (type) {
    case napi_int8_array: return "Int8Array";
    case napi_uint8_array: return "Uint8Array";
    case napi_uint8_clamped_array: return "Uint8ClampedArray";
    case napi_int16_array: return "Int16Array";
    case napi_uint16_array: return "Uint16Array";
    case napi_int32_array: return "Int32Array";
    case napi_uint32_array: return "Uint32Array";
    case napi_float32_array: return "Float32Array";
    case napi_float64_array: return "Float64Array";
    case napi_bigint64_array: return "BigInt64Array";
    case napi_biguint64_array: return "BigUint64Array";
    default: return "TypedArray";  // kinds newer than these headers' oldest Node-API
  }
}

std::string number_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-Infinity" : "Infinity";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

}  // namespace

std::string describe(const Napi::Value& value) {
  if (value.IsNull()) return "null";
  if (value.IsUndefined()) return "undefined";
  if (value.IsBoolean()) return value.As<Napi::Boolean>().Value() ? "true" : "false";
  if (value.IsNumber()) return number_text(value.As<Napi::Number>().DoubleValue());
  if (value.IsString()) {
    std::string s = value.As<Napi::String>().Utf8Value();
    return "'" + (s.size() > 40 ? s.substr(0, 40) + "…" : s) + "'";
  }
  if (value.IsTypedArray()) {
    auto a = value.As<Napi::TypedArray>();
    return typed_array_name(a.TypedArrayType()) + "(" + std::to_string(a.ElementLength()) + ")";
  }
  if (value.IsArray()) return "an array of length " + std::to_string(value.As<Napi::Array>().Length());
  if (value.IsFunction()) return "a function";
  if (value.IsObject()) return "an object";
  return "a " + std::string(value.IsBigInt() ? "bigint" : value.IsSymbol() ? "symbol" : "value");
}

void throw_type_error(Napi::Env env, const std::string& arg, const std::string& expected, const Napi::Value& got) {
  throw Napi::TypeError::New(env, kPrefix + arg + " must be " + expected + " (got " + describe(got) + ")");
}

void throw_range_error(Napi::Env env, const std::string& arg, const std::string& expected, const std::string& got) {
  throw Napi::RangeError::New(env, kPrefix + arg + " must be " + expected + " (got " + got + ")");
}

}  // namespace simdconv
