// GoogleTest checks shared by the model's tests (kept apart from batch_test_support, which the
// benchmarks use without GoogleTest).
#pragma once

#include <gtest/gtest.h>

#include <vector>

#include "model/record_batch.h"

namespace eventioz::model::testing {

// Checks `read` against `written` (offset deltas by position unless set, timestamps as given).
inline void expect_same_records(const std::vector<record>& read,
                                const std::vector<record_to_write>& written, offset base) {
  ASSERT_EQ(read.size(), written.size());
  for (size_t i = 0; i < read.size(); ++i) {
    SCOPED_TRACE("record " + std::to_string(i));
    int64_t delta =
        written[i].offset_delta == -1 ? static_cast<int64_t>(i) : written[i].offset_delta;
    EXPECT_EQ(read[i].record_offset, base + delta);
    EXPECT_EQ(read[i].timestamp, written[i].timestamp);
    EXPECT_EQ(read[i].key, written[i].key);
    EXPECT_EQ(read[i].value, written[i].value);
    ASSERT_EQ(read[i].headers.size(), written[i].headers.size());
    for (size_t h = 0; h < read[i].headers.size(); ++h) {
      EXPECT_EQ(read[i].headers[h].key, written[i].headers[h].key);
      EXPECT_EQ(read[i].headers[h].value, written[i].headers[h].value);
    }
  }
}

}  // namespace eventioz::model::testing
