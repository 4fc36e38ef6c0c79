// Aligned columns for the CLI's listings.
#include "app/text_table.h"

#include <gtest/gtest.h>

namespace eventioz::app {
namespace {

TEST(text_table, columns_are_as_wide_as_their_widest_cell) {
  text_table table({"GROUP", "STATE", "PROTOCOL-TYPE"});
  table.add_row({"billing", "Stable", "consumer"});
  table.add_row({"a", "PreparingRebalance", "-"});
  EXPECT_EQ(table.render(),
            "GROUP    STATE               PROTOCOL-TYPE\n"
            "billing  Stable              consumer\n"
            "a        PreparingRebalance  -\n");
}

TEST(text_table, indents_every_line_and_leaves_no_trailing_spaces) {
  text_table table({"A", "B"});
  table.add_row({"long value", ""});
  EXPECT_EQ(table.render("  "),
            "  A           B\n"
            "  long value\n");
}

}  // namespace
}  // namespace eventioz::app
