#include "app/text_table.h"

#include <algorithm>

#include "base/assert.h"

namespace eventioz::app {

void text_table::add_row(std::vector<std::string> cells) {
  EVENTIOZ_ASSERT(cells.size() == _rows.front().size(), "a row of {} cells in a table of {}",
                  cells.size(), _rows.front().size());
  _rows.push_back(std::move(cells));
}

std::string text_table::render(const std::string& indent) const {
  std::vector<size_t> widths(_rows.front().size(), 0);
  for (const auto& row : _rows) {
    for (size_t column = 0; column < row.size(); ++column) {
      widths[column] = std::max(widths[column], row[column].size());
    }
  }
  std::string text;
  for (const auto& row : _rows) {
    std::string line = indent;
    for (size_t column = 0; column < row.size(); ++column) {
      line += row[column];
      if (column + 1 < row.size()) line.append(widths[column] - row[column].size() + 2, ' ');
    }
    line.erase(line.find_last_not_of(' ') + 1);
    text += line + "\n";
  }
  return text;
}

}  // namespace eventioz::app
