// Names of the files of a partition directory. On-disk names: do not change.
//
//   <data>/<topic>-<partition>/
//     <base offset, 20 digits>.log        record batches
//     <base offset, 20 digits>.index      sparse offset index
//     <base offset, 20 digits>.timeindex  sparse time index
//     <base offset, 20 digits>.log.cleaned  a compacted copy being written (removed at open)
//     partition.checkpoint                log start, committed offset, clean-shutdown state
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/strong_id.h"

namespace eventioz::storage {

inline constexpr std::string_view log_suffix = ".log";
inline constexpr std::string_view index_suffix = ".index";
inline constexpr std::string_view time_index_suffix = ".timeindex";
inline constexpr std::string_view cleaned_suffix = ".log.cleaned";
inline constexpr std::string_view checkpoint_file_name = "partition.checkpoint";

// "00000000000000000042" + suffix.
std::string segment_file_name(offset base_offset, std::string_view suffix);

// The base offset of a name "<20 digits><suffix>", or nullopt for any other name.
std::optional<offset> parse_segment_file_name(std::string_view name, std::string_view suffix);

}  // namespace eventioz::storage
