// binding: how a typed request/response of types.h meets the wire. Each operation file
// lists the members of its structures once, in model order, as (wire name, C++ member)
// pairs (FieldsOf<S>); the templates below turn that list into the encoder, the strict
// fill and the lenient fill. The model (contract::Spec) decides what is checked; this only
// moves values, so encode and decode cannot disagree about a member's name or order.
#ifndef KC_CODEC_BINDING_H_
#define KC_CODEC_BINDING_H_

#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "harness/codec/codec.h"
#include "harness/codec/json_access.h"
#include "harness/codec/json_writer.h"
#include "harness/codec/reply_reader.h"
#include "harness/codec/request_reader.h"
#include "harness/codec/strict_json.h"
#include "harness/codec/timestamp.h"
#include "harness/codec/types.h"
#include "harness/contract/model.h"

namespace kc::codec::internal {

// Field: one member of a structure: its wire name and the C++ member it binds.
template <typename S, typename T>
struct Field {
  std::string_view name;
  T S::*member;
};
template <typename S, typename T>
constexpr Field<S, T> F(std::string_view name, T S::*member) {
  return Field<S, T>{name, member};
}

// FieldsOf<S>::kFields: a tuple of Field, in the model's member order. Specialised next to
// the operation that owns S (structures.h for the shared ones).
template <typename S>
struct FieldsOf;

template <typename S>
concept Bound = requires { FieldsOf<S>::kFields; };

template <typename E>
concept ContractEnum = std::is_enum_v<E> && requires { contract::EnumTraits<E>::kNames; };

// ForEachField: fn(name, member) for every field of s (const or not), in model order.
template <typename S, typename Fn>
void ForEachField(S& s, Fn&& fn) {
  std::apply([&](const auto&... f) { (fn(f.name, s.*(f.member)), ...); },
             FieldsOf<std::remove_const_t<S>>::kFields);
}

// ---- encoding ----

// Timestamps: epoch-second numbers; a response prints them as AWS does (FormatTimestamp,
// Java style), a request as the shortest plain JSON number.
enum class TimeStyle : std::uint8_t { kRequest, kResponse };

inline void WriteValue(JsonWriter& w, const std::string& v, TimeStyle) { w.String(v); }
inline void WriteValue(JsonWriter& w, const Bytes& v, TimeStyle) { w.Base64(v); }
inline void WriteValue(JsonWriter& w, bool v, TimeStyle) { w.Bool(v); }
inline void WriteValue(JsonWriter& w, int v, TimeStyle) { w.Int(v); }
inline void WriteValue(JsonWriter& w, EpochSeconds v, TimeStyle style) {
  // NaN and infinities have no JSON form: null (read back as absent).
  if (!std::isfinite(v)) return w.Number("null");
  w.Number(style == TimeStyle::kResponse ? FormatTimestamp(v) : FormatJsonNumber(v));
}
template <ContractEnum E>
void WriteValue(JsonWriter& w, E v, TimeStyle) {
  w.String(contract::ToWire(v));
}
template <typename T>
void WriteValue(JsonWriter& w, const std::vector<T>& v, TimeStyle style);
inline void WriteValue(JsonWriter& w, const std::map<std::string, std::string>& v, TimeStyle) {
  w.BeginObject();
  for (const auto& [k, val] : v) {
    w.Key(k);
    w.String(val);
  }
  w.EndObject();
}
template <Bound S>
void WriteValue(JsonWriter& w, const S& s, TimeStyle style) {
  w.BeginObject();
  ForEachField(s, [&](std::string_view name, const auto& member) {
    if constexpr (requires { member.has_value(); }) {
      if (!member.has_value()) return;  // only the members that are set
      w.Key(name);
      WriteValue(w, *member, style);
    } else {
      w.Key(name);
      WriteValue(w, member, style);
    }
  });
  w.EndObject();
}
template <typename T>
void WriteValue(JsonWriter& w, const std::vector<T>& v, TimeStyle style) {
  w.BeginArray();
  for (const T& e : v) WriteValue(w, e, style);
  w.EndArray();
}

// ---- decoding (the typed fill) ----

// ReadContext: the strict fill runs on a body ReadRequestBody accepted (nothing can fail);
// the lenient fill leaves unset whatever the LenientWalker reported as ignored: wrong JSON
// types, unknown enum values, undecodable blobs and timestamps.
struct ReadContext {
  Profile profile;
  bool lenient;
};

template <typename V>
bool ReadValue(V v, const contract::ShapeSpec&, const ReadContext&,
                      std::string& out) {
  if (v.type() != json::Type::kString) return false;
  out.assign(v.string_value());
  return true;
}
template <typename V>
bool ReadValue(V v, const contract::ShapeSpec&, const ReadContext& ctx,
                      Bytes& out) {
  if (v.type() != json::Type::kString) return false;
  std::optional<Bytes> b =
      ctx.lenient ? Base64DecodeLenient(v.string_value()) : Base64DecodeStrict(v.string_value());
  if (!b) return false;
  out = std::move(*b);
  return true;
}
template <typename V>
bool ReadValue(V v, const contract::ShapeSpec&, const ReadContext&, bool& out) {
  if (v.type() != json::Type::kBoolean) return false;
  out = v.bool_value();
  return true;
}
template <typename V>
bool ReadValue(V v, const contract::ShapeSpec&, const ReadContext&, int& out) {
  const std::optional<std::int64_t> i = v.int_value();
  if (!i || *i < std::numeric_limits<int>::min() || *i > std::numeric_limits<int>::max()) {
    return false;
  }
  out = static_cast<int>(*i);
  return true;
}
template <typename V>
bool ReadValue(V v, const contract::ShapeSpec&, const ReadContext& ctx,
                      EpochSeconds& out) {
  if (v.is_number()) {
    out = v.number_value();
    return true;
  }
  if (!ctx.lenient || v.type() != json::Type::kString) return false;
  const std::optional<ParsedTimestampText> t = ParseTimestampText(v.string_value());
  if (!t) return false;
  out = t->seconds;
  return true;
}
template <typename V, ContractEnum E>
bool ReadValue(V v, const contract::ShapeSpec& shape, const ReadContext& ctx, E& out) {
  if (v.type() != json::Type::kString) return false;
  const std::string_view wire = v.string_value();
  // A value the profile's model does not list is unknown, even when a later model has it.
  if (!contract::EnumAccepts(shape.enum_kind, wire, ctx.profile)) return false;
  const std::optional<E> e = contract::FromWire<E>(wire);
  if (!e) return false;
  out = *e;
  return true;
}
template <typename V, typename T>
bool ReadValue(V v, const contract::ShapeSpec& shape, const ReadContext& ctx,
               std::vector<T>& out);
template <typename V>
bool ReadValue(V v, const contract::ShapeSpec& shape, const ReadContext& ctx,
                      std::map<std::string, std::string>& out) {
  if (v.type() != json::Type::kObject || shape.element == nullptr) return false;
  auto visit = [&](std::string_view key, V value) {
    std::string s;
    if (ReadValue(value, *shape.element, ctx, s)) out.emplace(std::string(key), std::move(s));
  };
  v.ForEachMember(visit);
  return true;
}
template <typename V, Bound S>
bool ReadValue(V v, const contract::ShapeSpec& shape, const ReadContext& ctx, S& out);
template <typename V, typename T>
bool ReadValue(V v, const contract::ShapeSpec& shape, const ReadContext& ctx,
               std::vector<T>& out) {
  if (v.type() != json::Type::kArray || shape.element == nullptr) return false;
  const std::size_t n = v.size();
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    T e{};
    if (ReadValue(v.element(i), *shape.element, ctx, e)) out.push_back(std::move(e));
  }
  return true;
}

// ReadValue of a structure: every field whose member the profile's model has (others are
// ignored, as AWS ignores unknown members), when present and not null.
template <typename V, Bound S>
bool ReadValue(V v, const contract::ShapeSpec& shape, const ReadContext& ctx, S& out) {
  if (v.type() != json::Type::kObject) return false;
  ForEachField(out, [&](std::string_view name, auto& member) {
    const contract::MemberSpec* m = contract::FindMember(shape, name);
    if (m == nullptr) return;
    const std::optional<V> mv = v.Find(name);
    if (!mv || mv->is_null()) return;
    if constexpr (requires { member.has_value(); }) {
      typename std::remove_reference_t<decltype(member)>::value_type value{};
      if (ReadValue(*mv, *m->shape, ctx, value)) member = std::move(value);
    } else {
      ReadValue(*mv, *m->shape, ctx, member);
    }
  });
  return true;
}

// ---- the four entry points, for the operation files ----

template <typename Req>
Decoded<Req> DecodeRequestImpl(std::string_view body, Profile p) {
  const contract::ShapeSpec* input_spec = contract::Spec(Req::kOperation, p).input;
  if (input_spec == nullptr) {
    // An operation the profile's model lacks (proto.unknown-operation).
    return ApiError::Of(ErrorType::kUnknownOperationException,
                        "Unknown operation " + std::string(contract::TargetOf(Req::kOperation)));
  }
  const contract::ShapeSpec& input = *input_spec;
  Decoded<strict::Document> doc = ReadRequestBody(body, input, p);
  if (!doc.ok()) return doc.error();
  Req req{};
  ReadValue(doc.value().root(), input, ReadContext{p, /*lenient=*/false}, req);
  return req;
}

template <typename Req>
std::string EncodeRequestImpl(const Req& req, std::size_t reserve = 256) {
  JsonWriter w(reserve);
  WriteValue(w, req, TimeStyle::kRequest);
  return w.Take();
}

template <typename Resp>
std::string EncodeResponseImpl(const Resp& resp, std::size_t reserve = 256) {
  JsonWriter w(reserve);
  WriteValue(w, resp, TimeStyle::kResponse);
  return w.Take();
}

// DecodeResponseImpl: output is the model's output shape of the operation in profile p
// (nullptr where the model has none: every member is then ignored).
template <typename Resp>
ClientReply<Resp> DecodeResponseImpl(const HttpReplyView& reply, Profile p,
                                     const contract::ShapeSpec* output) {
  ClientReply<Resp> out;
  out.http_status = reply.status;
  if (!IsSuccessStatus(reply.status)) {
    out.error = DecodeErrorReply(reply, out.findings);
    return out;
  }
  std::optional<json::Document> doc = ReadReplyBody(reply, output, p, out.findings);
  if (!doc) return out;  // undecodable: neither value nor error
  Resp resp{};
  if (output != nullptr) ReadValue(doc->root(), *output, ReadContext{p, /*lenient=*/true}, resp);
  out.value = std::move(resp);
  return out;
}

}  // namespace kc::codec::internal

#endif  // KC_CODEC_BINDING_H_
