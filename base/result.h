#pragma once
// Result<T, E>: a value or an error, the std::expected stand-in GCC 12 lacks. Module boundaries
// return it instead of throwing, so every failure carries where and what went wrong. E is Error
// for inputs read from files and command lines; ndis/ decoders use their DecodeFailure, which
// carries the NDIS_STATUS and the bytes needed an NDIS component answers with.
#include <cassert>
#include <concepts>
#include <functional>
#include <type_traits>
#include <utility>
#include <variant>

#include "base/error.h"

namespace vmqkit {

template <typename T, typename E = Error>
class Result;

namespace result_detail {
template <typename R>
struct IsResult : std::false_type {};
template <typename T, typename E>
struct IsResult<Result<T, E>> : std::true_type {};
template <typename R>
concept ResultType = IsResult<std::remove_cvref_t<R>>::value;

// transform's answer: F's return value wrapped, Result<void, E> when F returns nothing.
template <typename F, typename E, typename... Args>
using Transformed = Result<std::remove_cvref_t<std::invoke_result_t<F, Args...>>, E>;

template <typename R, typename F, typename... Args>
R Wrap(F&& f, Args&&... args) {
  if constexpr (std::is_void_v<std::invoke_result_t<F, Args...>>) {
    std::invoke(std::forward<F>(f), std::forward<Args>(args)...);
    return R();
  } else {
    return R(std::invoke(std::forward<F>(f), std::forward<Args>(args)...));
  }
}
}  // namespace result_detail

template <typename T, typename E>
class [[nodiscard]] Result {
 public:
  using value_type = T;
  using error_type = E;

  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  Result(E error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const E& error() const& {
    assert(!ok());
    return std::get<1>(state_);
  }
  E&& error() && {
    assert(!ok());
    return std::get<1>(std::move(state_));
  }

  template <typename U>
  T value_or(U&& fallback) const& {
    return ok() ? value() : static_cast<T>(std::forward<U>(fallback));
  }
  template <typename U>
  T value_or(U&& fallback) && {
    return ok() ? std::move(*this).value() : static_cast<T>(std::forward<U>(fallback));
  }

  // f(value) -> Result<U, E>: the next step that may fail; an error passes through untouched.
  template <typename F>
  auto and_then(F&& f) const& {
    using R = std::remove_cvref_t<std::invoke_result_t<F, const T&>>;
    static_assert(result_detail::ResultType<R>, "and_then needs a function returning a Result");
    if (!ok()) return R(error());
    return std::invoke(std::forward<F>(f), value());
  }
  template <typename F>
  auto and_then(F&& f) && {
    using R = std::remove_cvref_t<std::invoke_result_t<F, T&&>>;
    static_assert(result_detail::ResultType<R>, "and_then needs a function returning a Result");
    if (!ok()) return R(std::move(*this).error());
    return std::invoke(std::forward<F>(f), std::move(*this).value());
  }

  // f(value) -> U: a step that cannot fail, applied to the value only.
  template <typename F>
  auto transform(F&& f) const& {
    using R = result_detail::Transformed<F, E, const T&>;
    if (!ok()) return R(error());
    return result_detail::Wrap<R>(std::forward<F>(f), value());
  }
  template <typename F>
  auto transform(F&& f) && {
    using R = result_detail::Transformed<F, E, T&&>;
    if (!ok()) return R(std::move(*this).error());
    return result_detail::Wrap<R>(std::forward<F>(f), std::move(*this).value());
  }

  // f(error) -> Result<T, E2>: recovery, or a translation of the error into another type.
  template <typename F>
  auto or_else(F&& f) const& {
    using R = std::remove_cvref_t<std::invoke_result_t<F, const E&>>;
    static_assert(result_detail::ResultType<R>, "or_else needs a function returning a Result");
    if (ok()) return R(value());
    return std::invoke(std::forward<F>(f), error());
  }

 private:
  std::variant<T, E> state_;
};

// Result<void, E>: success or an error.
template <typename E>
class [[nodiscard]] Result<void, E> {
 public:
  using value_type = void;
  using error_type = E;

  Result() = default;
  Result(E error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const E& error() const {
    assert(!ok_);
    return error_;
  }

  template <typename F>
  auto and_then(F&& f) const {
    using R = std::remove_cvref_t<std::invoke_result_t<F>>;
    static_assert(result_detail::ResultType<R>, "and_then needs a function returning a Result");
    if (!ok_) return R(error_);
    return std::invoke(std::forward<F>(f));
  }
  template <typename F>
  auto transform(F&& f) const {
    using R = result_detail::Transformed<F, E>;
    if (!ok_) return R(error_);
    return result_detail::Wrap<R>(std::forward<F>(f));
  }
  template <typename F>
  auto or_else(F&& f) const {
    using R = std::remove_cvref_t<std::invoke_result_t<F, const E&>>;
    static_assert(result_detail::ResultType<R>, "or_else needs a function returning a Result");
    if (ok_) return R();
    return std::invoke(std::forward<F>(f), error_);
  }

 private:
  E error_{};
  bool ok_ = true;
};

}  // namespace vmqkit
