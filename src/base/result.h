// result<T>: the value of an operation that can fail in an expected way, or the error that says
// why. Modules return these across their boundaries instead of throwing (conventions.md).
#pragma once

#include <ostream>
#include <string>
#include <system_error>
#include <utility>
#include <variant>

#include "base/assert.h"

namespace eventioz {

// An expected failure: a code a caller can branch on, and a message a person can act on.
class error {
 public:
  error(std::error_code code, std::string message) : _code(code), _message(std::move(message)) {}

  const std::error_code& code() const { return _code; }
  const std::string& message() const { return _message; }

  // "message (category: code text)", for logs and user-facing errors.
  std::string to_string() const;

  // Prepends what the caller was doing: "opening segment 42: <original message>".
  error with_context(std::string_view context) const;

  friend bool operator==(const error& e, std::error_code code) { return e._code == code; }
  // Portable conditions, e.g. std::errc::no_space_on_device for an operating-system error.
  friend bool operator==(const error& e, std::errc condition) {
    return e._code == std::make_error_condition(condition);
  }
  friend std::ostream& operator<<(std::ostream& out, const error& e) {
    return out << e.to_string();
  }

 private:
  std::error_code _code;
  std::string _message;
};

template <class T>
class [[nodiscard]] result {
 public:
  result(T value) : _state(std::in_place_index<0>, std::move(value)) {}
  result(error failure) : _state(std::in_place_index<1>, std::move(failure)) {}

  bool ok() const { return _state.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    EVENTIOZ_ASSERT(ok(), "value() of a failed result: {}", std::get<1>(_state).to_string());
    return std::get<0>(_state);
  }
  const T& value() const& {
    EVENTIOZ_ASSERT(ok(), "value() of a failed result: {}", std::get<1>(_state).to_string());
    return std::get<0>(_state);
  }
  T&& value() && {
    EVENTIOZ_ASSERT(ok(), "value() of a failed result: {}", std::get<1>(_state).to_string());
    return std::get<0>(std::move(_state));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const error& error_value() const& {
    EVENTIOZ_ASSERT(!ok(), "error_value() of a successful result");
    return std::get<1>(_state);
  }
  error&& error_value() && {
    EVENTIOZ_ASSERT(!ok(), "error_value() of a successful result");
    return std::get<1>(std::move(_state));
  }

 private:
  std::variant<T, error> _state;
};

// The result of an operation that returns nothing when it succeeds.
template <>
class [[nodiscard]] result<void> {
 public:
  result() = default;
  result(error failure) : _failure(std::move(failure)), _failed(true) {}

  bool ok() const { return !_failed; }
  explicit operator bool() const { return ok(); }

  const error& error_value() const& {
    EVENTIOZ_ASSERT(_failed, "error_value() of a successful status");
    return _failure;
  }
  error&& error_value() && {
    EVENTIOZ_ASSERT(_failed, "error_value() of a successful status");
    return std::move(_failure);
  }

 private:
  error _failure{std::error_code{}, {}};
  bool _failed = false;
};

using status = result<void>;

inline status ok_status() { return {}; }

}  // namespace eventioz

#define EVENTIOZ_CONCAT_INNER(a, b) a##b
#define EVENTIOZ_CONCAT(a, b) EVENTIOZ_CONCAT_INNER(a, b)

// Returns the error of `expr` (a result or status) from the enclosing function.
#define EVENTIOZ_RETURN_IF_ERROR(expr)                                            \
  do {                                                                            \
    auto&& eventioz_status_ = (expr);                                             \
    if (!eventioz_status_.ok()) return std::move(eventioz_status_).error_value(); \
  } while (false)

// Declares `lhs` from the value of `expr`, or returns its error from the enclosing function.
#define EVENTIOZ_TRY(lhs, expr) \
  EVENTIOZ_TRY_IMPL(EVENTIOZ_CONCAT(eventioz_result_, __LINE__), lhs, expr)
#define EVENTIOZ_TRY_IMPL(tmp, lhs, expr)             \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return std::move(tmp).error_value(); \
  lhs = std::move(tmp).value()
