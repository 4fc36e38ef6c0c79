// Creating the store a benchmark writes to.
#include "app/bench_store_setup.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "app/bench_http_connection.h"

namespace eventioz::app {

// Creates the store unless it exists. Errors are printed.
bool ensure_bench_store(const bench_store_flags& flags, int64_t snapshot_interval) {
  auto connection = bench_http_connection::open(flags.http_url);
  if (!connection) {
    fmt::print(stderr, "{}\n", connection.error_value().message());
    return false;
  }
  nlohmann::json body = {{"name", flags.store}, {"snapshot_interval", snapshot_interval}};
  if (flags.partitions > 0) body["partitions"] = flags.partitions;
  auto answer = (*connection)->call("POST", "/v1/stores", body.dump());
  if (!answer || (answer->status != 201 && answer->status != 409)) {
    fmt::print(stderr, "creating store {} failed: {}\n", flags.store,
               answer ? answer->body : answer.error_value().message());
    return false;
  }
  return true;
}

}  // namespace eventioz::app
