#include "base/result.h"

#include <gtest/gtest.h>

#include "base/strong_id.h"

namespace eventioz {
namespace {

result<int> parse_positive(int value) {
  if (value <= 0) {
    return error(std::make_error_code(std::errc::invalid_argument), "value must be positive");
  }
  return value;
}

result<int> doubled(int value) {
  EVENTIOZ_TRY(int parsed, parse_positive(value));
  return parsed * 2;
}

status check(int value) {
  EVENTIOZ_RETURN_IF_ERROR(parse_positive(value));
  return ok_status();
}

TEST(result, carries_a_value_or_an_error) {
  EXPECT_EQ(*doubled(21), 42);
  auto failed = doubled(-1);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error_value(), std::make_error_code(std::errc::invalid_argument));
  EXPECT_EQ(failed.error_value().message(), "value must be positive");
  EXPECT_TRUE(check(3).ok());
  EXPECT_FALSE(check(0).ok());
}

TEST(result, context_is_prepended) {
  error original(std::make_error_code(std::errc::io_error), "read failed");
  EXPECT_EQ(original.with_context("opening segment 7").message(), "opening segment 7: read failed");
}

TEST(result, value_of_a_failed_result_aborts) {
  EXPECT_DEATH((void)doubled(-5).value(), "value\\(\\) of a failed result");
}

TEST(strong_id, offsets_do_arithmetic_and_compare) {
  offset start(10);
  EXPECT_EQ(start + 5, offset(15));
  EXPECT_EQ(offset(15) - start, 5);
  EXPECT_LT(start, offset(11));
  EXPECT_EQ(fmt::format("{}", start), "10");
  static_assert(!std::is_convertible_v<partition_id, offset>);
  static_assert(!std::is_convertible_v<int64_t, offset>);
}

}  // namespace
}  // namespace eventioz
