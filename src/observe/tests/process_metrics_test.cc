#include "observe/process_metrics.h"

#include <gtest/gtest.h>

namespace eventioz::observe {
namespace {

double value_of(const std::vector<metrics::family_snapshot>& families, const std::string& name) {
  for (const auto& family : families) {
    if (family.name == name) return family.samples.at(0).value;
  }
  ADD_FAILURE() << name << " missing";
  return -1;
}

TEST(process_metrics, reads_memory_cpu_and_descriptors_of_this_process) {
  std::vector<metrics::family_snapshot> families;
  collect_process_metrics(families);
  EXPECT_GT(value_of(families, "eventioz_process_resident_memory_bytes"), 1024 * 1024);
  EXPECT_GE(value_of(families, "eventioz_process_virtual_memory_bytes"),
            value_of(families, "eventioz_process_resident_memory_bytes"));
  EXPECT_GT(value_of(families, "eventioz_process_cpu_seconds_total"), 0);
  EXPECT_GE(value_of(families, "eventioz_process_open_fds"), 3);  // stdin, stdout, stderr
  EXPECT_GT(value_of(families, "eventioz_process_start_time_seconds"), 1.6e9);
}

}  // namespace
}  // namespace eventioz::observe
