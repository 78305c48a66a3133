// gtest helpers for model outcomes: negative tests assert the exact error type AND message
// (STYLE.md: never just "failed").
//   EXPECT_TRUE(IsApiError(out, ErrorType::kNotFoundException, "Invalid keyId 'x'"));
//   ASSERT_TRUE(IsOk(out));
#ifndef KC_MOCK_KMS_MODEL_TESTING_API_ERROR_MATCHERS_H_
#define KC_MOCK_KMS_MODEL_TESTING_API_ERROR_MATCHERS_H_

#include <string_view>

#include <gtest/gtest.h>

#include "mock_kms/model/kms.h"

namespace kc::mock::testing {

template <typename T>
::testing::AssertionResult IsOk(const Outcome<T>& o) {
  if (o.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "failed with " << o.error().type_name << ": " << o.error().message;
}

template <typename T>
::testing::AssertionResult IsApiError(const Outcome<T>& o, contract::ErrorType type,
                                      std::string_view message) {
  if (o.ok()) {
    return ::testing::AssertionFailure()
           << "succeeded; expected " << contract::ToWire(type) << ": " << message;
  }
  if (o.error().type_name != contract::ToWire(type) || o.error().message != message) {
    return ::testing::AssertionFailure()
           << "got " << o.error().type_name << ": " << o.error().message << "\n expected "
           << contract::ToWire(type) << ": " << message;
  }
  return ::testing::AssertionSuccess();
}

// IsApiErrorType: the type only (where the message embeds something the test cannot know).
template <typename T>
::testing::AssertionResult IsApiErrorType(const Outcome<T>& o, contract::ErrorType type) {
  if (o.ok()) {
    return ::testing::AssertionFailure() << "succeeded; expected " << contract::ToWire(type);
  }
  if (o.error().type_name != contract::ToWire(type)) {
    return ::testing::AssertionFailure()
           << "got " << o.error().type_name << ": " << o.error().message << "\n expected "
           << contract::ToWire(type);
  }
  return ::testing::AssertionSuccess();
}

}  // namespace kc::mock::testing

#endif  // KC_MOCK_KMS_MODEL_TESTING_API_ERROR_MATCHERS_H_
