// Columns of text for the CLI's human-readable listings (`eventioz group`): a header row and
// rows of cells, each column as wide as its widest cell, separated by two spaces.
#pragma once

#include <string>
#include <vector>

namespace eventioz::app {

class text_table {
 public:
  explicit text_table(std::vector<std::string> header) : _rows{std::move(header)} {}

  // REQUIRES: as many cells as the header has columns.
  void add_row(std::vector<std::string> cells);

  // The rows, each line starting with `indent` and ending with a newline (no trailing spaces).
  std::string render(const std::string& indent = "") const;

 private:
  std::vector<std::vector<std::string>> _rows;
};

}  // namespace eventioz::app
