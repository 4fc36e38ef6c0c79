#include "app/producer_flags.h"

#include "model/compression.h"

namespace eventioz::app {

void add_producer_flags(CLI::App& command, producer_flags& flags) {
  command.add_option("--acks", flags.acks, "0 (no answer), 1 (the leader wrote it) or all")
      ->capture_default_str();
  command.add_option("--compression", flags.compression, "none, gzip, snappy, lz4 or zstd")
      ->check(CLI::IsMember({"none", "gzip", "snappy", "lz4", "zstd"}))
      ->capture_default_str();
  command.add_option("--batch-bytes", flags.batch_bytes, "Largest batch per partition, bytes")
      ->check(CLI::Range(1, 64 << 20))
      ->capture_default_str();
  command.add_option("--linger-ms", flags.linger_ms, "How long a batch waits to fill up")
      ->check(CLI::Range(0, 60'000))
      ->capture_default_str();
  command
      .add_option("--max-in-flight", flags.max_in_flight,
                  "Requests awaiting an answer per connection")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
}

result<client::producer_options> producer_options_from(const client_flags& client,
                                                       const producer_flags& flags) {
  client::producer_options options;
  EVENTIOZ_TRY(options.connection, connection_options_from(client));
  EVENTIOZ_TRY(options.acks, parse_acks(flags.acks));
  EVENTIOZ_TRY(options.batching.codec, model::parse_compression(flags.compression));
  options.batching.batch_size_bytes = flags.batch_bytes;
  options.batching.linger = std::chrono::milliseconds(flags.linger_ms);
  options.max_in_flight = flags.max_in_flight;
  // A batch must fit in a request.
  options.request_size_max_bytes =
      std::max<size_t>(options.request_size_max_bytes, static_cast<size_t>(flags.batch_bytes) * 2);
  return options;
}

}  // namespace eventioz::app
