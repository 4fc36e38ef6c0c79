// Topic metadata files: formatting, parsing and crash-safe replacement.
#include "cluster/topic_metadata_store.h"

#include <fmt/format.h>

#include <charconv>

#include "cluster/errc.h"
#include "cluster/properties_text.h"

namespace eventioz::cluster {
namespace {

constexpr std::string_view file_suffix = ".topic";
constexpr std::string_view temporary_suffix = ".topic.tmp";
constexpr std::string_view config_prefix = "config.";
// Metadata files are tiny; anything larger is not ours.
constexpr uint64_t file_size_max = 1 << 20;

error corrupt(const std::string& name, std::string_view what) {
  return error(errc::metadata_corrupt,
               fmt::format("topic metadata of '{}' is corrupt ({}); restore the file "
                           "__topics/{}.topic from a backup or remove the topic's directories",
                           name, what, name));
}

}  // namespace

std::string format_topic_metadata(const topic_metadata& topic) {
  std::string text = fmt::format("partitions={}\n", topic.partition_count);
  if (topic.deleting) text += "deleting=1\n";
  for (const auto& [key, value] : topic.config_overrides) {
    text += fmt::format("{}{}={}\n", config_prefix, key, value);
  }
  return text;
}

result<topic_metadata> parse_topic_metadata(const std::string& name, std::string_view text) {
  topic_metadata topic{.name = name};
  bool has_partitions = false;
  std::string bad_line;
  auto entries = parse_properties(text, bad_line);
  if (!entries) return corrupt(name, fmt::format("the line '{}' has no '='", bad_line));
  for (const auto& [key, value] : *entries) {
    if (key == "partitions") {
      auto [end, failure] =
          std::from_chars(value.data(), value.data() + value.size(), topic.partition_count);
      if (failure != std::errc() || end != value.data() + value.size() ||
          topic.partition_count <= 0) {
        return corrupt(name, "bad partition count");
      }
      has_partitions = true;
    } else if (key == "deleting") {
      topic.deleting = value == "1";
    } else if (key.starts_with(config_prefix)) {
      topic.config_overrides[key.substr(config_prefix.size())] = value;
    } else {
      return corrupt(name, fmt::format("unknown key '{}'", key));
    }
  }
  if (!has_partitions) return corrupt(name, "no partition count");
  return topic;
}

topic_metadata_store::topic_metadata_store(io::file_system& fs, std::string data_directory)
    : _fs(fs), _directory(io::join_path(data_directory, "__topics")) {}

std::string topic_metadata_store::path_of(const std::string& topic) const {
  return io::join_path(_directory, topic + std::string(file_suffix));
}

result<std::vector<topic_metadata>> topic_metadata_store::load_all() {
  EVENTIOZ_RETURN_IF_ERROR(io::create_directories_durably(_fs, _directory));
  EVENTIOZ_TRY(std::vector<std::string> names, _fs.list_directory(_directory));
  std::vector<topic_metadata> topics;
  for (const std::string& file_name : names) {
    std::string path = io::join_path(_directory, file_name);
    if (file_name.ends_with(temporary_suffix)) {
      EVENTIOZ_RETURN_IF_ERROR(_fs.remove_file(path));
      continue;
    }
    if (!file_name.ends_with(file_suffix)) continue;
    std::string name = file_name.substr(0, file_name.size() - file_suffix.size());
    auto text = io::read_small_file(_fs, path, file_size_max);
    if (!text) return corrupt(name, text.error_value().message());
    EVENTIOZ_TRY(topic_metadata topic, parse_topic_metadata(name, *text));
    topics.push_back(std::move(topic));
  }
  return topics;
}

status topic_metadata_store::save(const topic_metadata& topic) {
  return io::replace_file_durably(_fs, path_of(topic.name), format_topic_metadata(topic));
}

status topic_metadata_store::remove(const std::string& topic) {
  EVENTIOZ_RETURN_IF_ERROR(_fs.remove_file(path_of(topic)));
  return _fs.sync_directory(_directory);
}

}  // namespace eventioz::cluster
