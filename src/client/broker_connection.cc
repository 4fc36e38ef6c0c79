#include "client/broker_connection.h"

#include <fmt/format.h>

#include <algorithm>

#include "client/kafka_error.h"
#include "kafka/protocol/api_registry.h"

namespace eventioz::client {
namespace {

namespace protocol = kafka::protocol;

constexpr int16_t unsupported_version_code = 35;

}  // namespace

result<std::unique_ptr<broker_connection>> broker_connection::open(
    const broker_address& address, const connection_options& options) {
  EVENTIOZ_TRY(tcp_socket socket, tcp_socket::connect(address, options.connect_timeout));
  std::unique_ptr<broker_connection> connection(new broker_connection(std::move(socket), options));
  EVENTIOZ_RETURN_IF_ERROR(connection->handshake());
  return connection;
}

status broker_connection::handshake() {
  // Ask in our newest version. A broker that does not know it answers UNSUPPORTED_VERSION in
  // the v0 layout (which every broker can write and every client read), listing the versions
  // it does know; the second attempt uses the highest of those (KIP-511).
  int16_t version = protocol::api_versions_request::max_version;
  for (int attempt = 0; attempt < 2; ++attempt) {
    protocol::api_versions_request request;
    request.client_software_name = "eventioz";
    request.client_software_version = "0.1.0";
    EVENTIOZ_RETURN_IF_ERROR(send_only(request, version));
    EVENTIOZ_TRY(raw_answer answer, receive_frame(std::chrono::milliseconds(0)));
    auto response = decode_as<protocol::api_versions_response>(answer, version);
    if (!response && version != 0) {
      // Not the layout we asked for: the v0 fallback, if the broker refused our version.
      response = decode_as<protocol::api_versions_response>(answer, 0);
    }
    if (!response) return broken(std::move(response).error_value());
    const auto& message = response->message;
    if (message.error_code == unsupported_version_code && attempt == 0) {
      int16_t theirs = 0;
      for (const auto& api : message.api_keys) {
        if (api.api_key == protocol::api_versions_request::api_key) theirs = api.max_version;
      }
      version = std::min<int16_t>(theirs, protocol::api_versions_request::max_version);
      continue;
    }
    if (message.error_code != 0) {
      return kafka_error(message.error_code, fmt::format("asking {} which versions it supports",
                                                         address().to_string()));
    }
    std::map<int16_t, version_range> ranges;
    for (const auto& api : message.api_keys) {
      ranges[api.api_key] = version_range{api.min_version, api.max_version};
    }
    _versions = api_versions(std::move(ranges));
    return ok_status();
  }
  return broken(error(errc::unsupported_version,
                      fmt::format("the broker at {} and this client share no ApiVersions version",
                                  address().to_string())));
}

int32_t broker_connection::write_request_header(protocol::wire_writer& writer, int16_t api_key,
                                                int16_t version) {
  protocol::request_header header;
  header.api_key = api_key;
  header.api_version = version;
  header.correlation_id = _next_correlation_id;
  header.client_id = _options.client_id;
  header.encode(writer, protocol::request_header_version(api_key, version));
  // Positive and wrapping: only the order of answers matters, and ids never repeat among the
  // few requests in flight.
  _next_correlation_id = _next_correlation_id == INT32_MAX ? 1 : _next_correlation_id + 1;
  return header.correlation_id;
}

status broker_connection::send_frame(byte_buffer frame, request_id id, bool expects_answer) {
  if (!_socket.is_open()) {
    return error(errc::connection_failed,
                 fmt::format("the connection to {} was closed after an earlier error",
                             address().to_string()));
  }
  EVENTIOZ_ASSERT(frame.size() >= 4, "a frame without its size");
  write_big_endian<int32_t>(frame.data(), static_cast<int32_t>(frame.size() - 4));
  status written = _socket.write_all(frame, client_clock::now() + _options.request_timeout);
  if (!written) return broken(std::move(written).error_value());
  if (expects_answer) _waiting.push_back(id);
  return ok_status();
}

result<broker_connection::raw_answer> broker_connection::receive_frame(
    std::chrono::milliseconds extra_wait) {
  EVENTIOZ_ASSERT(!_waiting.empty(), "receive() with no request in flight");
  if (!_socket.is_open()) {
    return error(errc::connection_failed,
                 fmt::format("the connection to {} was closed after an earlier error",
                             address().to_string()));
  }
  deadline until = client_clock::now() + _options.request_timeout + extra_wait;
  uint8_t size_bytes[4];
  status read = _socket.read_exact(size_bytes, until);
  if (!read) return broken(std::move(read).error_value());
  int32_t size = read_big_endian<int32_t>(size_bytes);
  if (size < 4 || static_cast<size_t>(size) > _options.response_size_max_bytes) {
    return broken(
        error(errc::protocol_violation,
              fmt::format("the broker at {} sent an answer of {} bytes; this client "
                          "accepts 4 to {} (is it a Kafka broker?)",
                          address().to_string(), size, _options.response_size_max_bytes)));
  }
  auto frame = std::make_shared<byte_buffer>(static_cast<size_t>(size));
  read = _socket.read_exact(*frame, until);
  if (!read) return broken(std::move(read).error_value());

  request_id expected = _waiting.front();
  _waiting.pop_front();
  protocol::response_header header;
  byte_reader reader(*frame);
  auto decoded =
      header.decode(reader, protocol::response_header_version(expected.api_key, expected.version));
  raw_answer answer{frame, reader.position(), expected.api_key, expected.version};
  if (!decoded) return broken(undecodable(answer, decoded.error_value()));
  if (header.correlation_id != expected.correlation_id) {
    return broken(
        error(errc::protocol_violation,
              fmt::format("the broker at {} answered request {} when {} was expected",
                          address().to_string(), header.correlation_id, expected.correlation_id)));
  }
  return answer;
}

error broker_connection::broken(error failure) {
  _socket.close();
  _waiting.clear();
  return failure;
}

error broker_connection::undecodable(const raw_answer& answer, const error& failure) const {
  return error(
      errc::protocol_violation,
      fmt::format("cannot decode the answer of {} to API {} v{}: {}", address().to_string(),
                  answer.api_key, answer.version, failure.message()));
}

}  // namespace eventioz::client
