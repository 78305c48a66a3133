// Status, Result<T>: errors as values (abseil style), used across every module.
//
// No exception crosses a module boundary in kmsconform. A function that can fail returns
// Status (no value) or Result<T> (a value or a Status). Both are [[nodiscard]].
// A KMS *error reply* is not a Status: it is a value the harness judges (codec::ApiError).
// Status is for the harness's own failures: transport, decode, I/O, bad arguments.
#ifndef KC_COMMON_STATUS_H_
#define KC_COMMON_STATUS_H_

#include <cstdlib>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace kc {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,    // the caller's input is malformed
  kNotFound,           // a file, key or entry does not exist
  kFailedPrecondition, // the operation does not apply in the current state
  kPermissionDenied,   // authentication / authorisation refused
  kDataLoss,           // corrupt data: a torn journal, a bad vector file
  kUnavailable,        // transport: connection refused, reset, dropped
  kDeadlineExceeded,   // timeout
  kResourceExhausted,  // a size cap was hit
  kInternal,           // a dependency failed unexpectedly (OpenSSL, the OS)
  kUnimplemented,
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "INVALID_ARGUMENT: message" (or "OK").
  std::string ToString() const;

  // Prefixes the message with context: "reading journal: <old message>".
  Status WithContext(std::string_view context) const;

  // Explicitly ignore a status (e.g. best-effort cleanup).
  void IgnoreError() const {}

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgumentError(std::string m) {
  return Status(StatusCode::kInvalidArgument, std::move(m));
}
inline Status NotFoundError(std::string m) { return Status(StatusCode::kNotFound, std::move(m)); }
inline Status FailedPreconditionError(std::string m) {
  return Status(StatusCode::kFailedPrecondition, std::move(m));
}
inline Status PermissionDeniedError(std::string m) {
  return Status(StatusCode::kPermissionDenied, std::move(m));
}
inline Status DataLossError(std::string m) { return Status(StatusCode::kDataLoss, std::move(m)); }
inline Status UnavailableError(std::string m) {
  return Status(StatusCode::kUnavailable, std::move(m));
}
inline Status DeadlineExceededError(std::string m) {
  return Status(StatusCode::kDeadlineExceeded, std::move(m));
}
inline Status ResourceExhaustedError(std::string m) {
  return Status(StatusCode::kResourceExhausted, std::move(m));
}
inline Status InternalError(std::string m) { return Status(StatusCode::kInternal, std::move(m)); }
inline Status UnimplementedError(std::string m) {
  return Status(StatusCode::kUnimplemented, std::move(m));
}

// Result<T>: a T or a non-OK Status. Accessing value() of an error aborts (a programming
// error, never an input-dependent path: callers check ok() first).
template <typename T>
class [[nodiscard]] Result {
 public:
  static_assert(!std::is_same_v<std::decay_t<T>, Status>, "Result<Status> is not allowed");

  Result(const T& value) : v_(value) {}             // NOLINT(google-explicit-constructor)
  Result(T&& value) : v_(std::move(value)) {}       // NOLINT(google-explicit-constructor)
  Result(const Status& status) : v_(status) {       // NOLINT(google-explicit-constructor)
    if (std::get<Status>(v_).ok()) v_ = Status(StatusCode::kInternal, "Result built from OK");
  }
  Result(Status&& status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (std::get<Status>(v_).ok()) v_ = Status(StatusCode::kInternal, "Result built from OK");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }

  const T& value() const& {
    if (!ok()) std::abort();
    return std::get<T>(v_);
  }
  T& value() & {
    if (!ok()) std::abort();
    return std::get<T>(v_);
  }
  T&& value() && {
    if (!ok()) std::abort();
    return std::get<T>(std::move(v_));
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  T value_or(T fallback) const { return ok() ? std::get<T>(v_) : std::move(fallback); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace kc

#define KC_STATUS_CONCAT_INNER_(a, b) a##b
#define KC_STATUS_CONCAT_(a, b) KC_STATUS_CONCAT_INNER_(a, b)

// KC_RETURN_IF_ERROR(expr): expr is a Status; returns it from the caller when not OK.
#define KC_RETURN_IF_ERROR(expr)                                     \
  do {                                                               \
    ::kc::Status kc_status_tmp_ = (expr);                            \
    if (!kc_status_tmp_.ok()) return kc_status_tmp_;                 \
  } while (false)

// KC_ASSIGN_OR_RETURN(lhs, expr): expr is a Result<T>; on error returns its Status,
// otherwise moves the value into lhs (which may be a declaration: `auto x`).
#define KC_ASSIGN_OR_RETURN(lhs, expr) \
  KC_ASSIGN_OR_RETURN_IMPL_(KC_STATUS_CONCAT_(kc_result_tmp_, __LINE__), lhs, expr)
#define KC_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()

#endif  // KC_COMMON_STATUS_H_
