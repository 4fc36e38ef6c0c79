#include "model/bounded_output.h"

#include <gtest/gtest.h>

namespace eventioz::model::detail {
namespace {

TEST(bounded_output, never_holds_more_than_one_byte_past_the_bound) {
  for (size_t size_max : {size_t{0}, size_t{1}, size_t{4095}, size_t{100'000}}) {
    bounded_output output(size_max, 10);
    size_t produced = 0;
    while (true) {
      mutable_byte_span room = output.writable();
      if (room.empty()) break;
      output.commit(room.size());
      produced += room.size();
    }
    EXPECT_EQ(produced, size_max + 1);
    EXPECT_TRUE(output.exceeded());
  }
}

TEST(bounded_output, finish_returns_what_was_written) {
  bounded_output output(1 << 20, 0);
  for (int i = 0; i < 3; ++i) {
    mutable_byte_span room = output.writable();
    ASSERT_GE(room.size(), 3u);
    room[0] = 'a';
    room[1] = 'b';
    output.commit(2);
  }
  EXPECT_FALSE(output.exceeded());
  byte_buffer bytes = std::move(output).finish();
  EXPECT_EQ(bytes, (byte_buffer{'a', 'b', 'a', 'b', 'a', 'b'}));
}

TEST(bounded_output, growth_stays_within_the_bound) {
  size_t size_max = 10'000;
  bounded_output output(size_max, 6000);
  while (!output.writable().empty()) {
    mutable_byte_span room = output.writable();
    EXPECT_LE(output.size() + room.size(), size_max + 1);
    output.commit(room.size());
  }
}

}  // namespace
}  // namespace eventioz::model::detail
