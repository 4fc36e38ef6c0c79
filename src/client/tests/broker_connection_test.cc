// broker_connection against a scripted broker on a loopback socket: the handshake, the
// versions it chooses, pipelined answers, and what happens when the broker misbehaves.
#include "client/broker_connection.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <thread>

#include "kafka/protocol/api_registry.h"

namespace eventioz::client {
namespace {

namespace protocol = kafka::protocol;
using namespace std::chrono_literals;

// One accepted connection, read and written in whole frames by the test's broker thread.
class scripted_broker {
 public:
  using script = std::function<void(scripted_broker&)>;

  explicit scripted_broker(script run) {
    _listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(_listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    socklen_t length = sizeof(address);
    ::getsockname(_listener, reinterpret_cast<sockaddr*>(&address), &length);
    _port = ntohs(address.sin_port);
    ::listen(_listener, 1);
    _thread = std::thread([this, run] {
      _fd = ::accept(_listener, nullptr, nullptr);
      run(*this);
      ::close(_fd);
    });
  }
  ~scripted_broker() {
    _thread.join();
    ::close(_listener);
  }

  broker_address address() const { return {"127.0.0.1", _port}; }

  // Reads one request and returns its header.
  protocol::request_header read_request() {
    uint8_t size_bytes[4];
    read_exactly(size_bytes, 4);
    _frame.resize(static_cast<size_t>(read_big_endian<int32_t>(size_bytes)));
    read_exactly(_frame.data(), _frame.size());
    byte_reader reader(_frame);
    // The client id is readable in every header version >= 1, so v1 reads the fixed part.
    protocol::request_header header;
    int16_t key = read_big_endian<int16_t>(_frame.data());
    int16_t version = read_big_endian<int16_t>(_frame.data() + 2);
    EXPECT_TRUE(header.decode(reader, protocol::request_header_version(key, version)).ok());
    return header;
  }

  template <class Response>
  void answer(int32_t correlation_id, int16_t header_version, const Response& response,
              int16_t version) {
    protocol::wire_writer writer;
    writer.write_int32(0);
    protocol::response_header header;
    header.correlation_id = correlation_id;
    header.encode(writer, header_version);
    response.encode(writer, version);
    send_frame(writer.take_bytes());
  }

  void send_frame(byte_buffer frame) {
    write_big_endian<int32_t>(frame.data(), static_cast<int32_t>(frame.size() - 4));
    EXPECT_EQ(::send(_fd, frame.data(), frame.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(frame.size()));
  }

  void send_raw(byte_span bytes) { ::send(_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL); }

  // Answers an ApiVersions request with these ranges.
  void handshake(std::vector<std::tuple<int16_t, int16_t, int16_t>> ranges) {
    protocol::request_header header = read_request();
    EXPECT_EQ(header.api_key, protocol::api_versions_request::api_key);
    protocol::api_versions_response response;
    for (auto [key, low, high] : ranges) {
      auto& api = response.api_keys.emplace_back();
      api.api_key = key;
      api.min_version = low;
      api.max_version = high;
    }
    answer(header.correlation_id, 0, response, header.api_version);
  }

 private:
  void read_exactly(uint8_t* into, size_t count) {
    while (count > 0) {
      ssize_t received = ::recv(_fd, into, count, 0);
      ASSERT_GT(received, 0);
      into += received;
      count -= static_cast<size_t>(received);
    }
  }

  int _listener = -1;
  int _fd = -1;
  uint16_t _port = 0;
  byte_buffer _frame;
  std::thread _thread;
};

connection_options quick_options() {
  connection_options options;
  options.connect_timeout = 2s;
  options.request_timeout = 2s;
  return options;
}

constexpr int16_t metadata_key = protocol::metadata_request::api_key;

TEST(broker_connection, handshake_chooses_versions_both_sides_support) {
  scripted_broker broker([](scripted_broker& b) { b.handshake({{18, 0, 3}, {3, 1, 5}}); });
  auto connection = broker_connection::open(broker.address(), quick_options());
  ASSERT_TRUE(connection.ok()) << connection.error_value().to_string();
  EXPECT_EQ(*(*connection)->version_of<protocol::metadata_request>(),
            std::min<int16_t>(5, protocol::metadata_request::max_version));
  auto missing = (*connection)->version_of<protocol::produce_request>();
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error_value(), errc::unsupported_version);
}

TEST(broker_connection, handshake_retries_in_the_version_an_older_broker_names) {
  scripted_broker broker([](scripted_broker& b) {
    // An older broker: refuses our ApiVersions version in the v0 layout, listing v0-2.
    protocol::request_header first = b.read_request();
    protocol::api_versions_response refusal;
    refusal.error_code = 35;
    auto& api = refusal.api_keys.emplace_back();
    api.api_key = 18;
    api.min_version = 0;
    api.max_version = 2;
    b.answer(first.correlation_id, 0, refusal, 0);
    protocol::request_header second = b.read_request();
    EXPECT_EQ(second.api_version, 2);
    protocol::api_versions_response accepted;
    auto& entry = accepted.api_keys.emplace_back();
    entry.api_key = 3;
    entry.min_version = 0;
    entry.max_version = 8;
    b.answer(second.correlation_id, 0, accepted, 2);
  });
  auto connection = broker_connection::open(broker.address(), quick_options());
  ASSERT_TRUE(connection.ok()) << connection.error_value().to_string();
  EXPECT_TRUE((*connection)->versions().supports(metadata_key));
}

TEST(broker_connection, pipelined_answers_come_back_in_order) {
  scripted_broker broker([](scripted_broker& b) {
    b.handshake({{18, 0, 3}, {3, 0, 8}});
    std::vector<int32_t> ids;
    for (int i = 0; i < 3; ++i) ids.push_back(b.read_request().correlation_id);
    for (int i = 0; i < 3; ++i) {
      protocol::metadata_response response;
      response.controller_id = 100 + i;
      b.answer(ids[i], 0, response, 8);
    }
  });
  auto connection = broker_connection::open(broker.address(), quick_options());
  ASSERT_TRUE(connection.ok()) << connection.error_value().to_string();
  int16_t version = *(*connection)->version_of<protocol::metadata_request>();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE((*connection)->send_only(protocol::metadata_request{}, version).ok());
  }
  EXPECT_EQ((*connection)->in_flight(), 3u);
  for (int i = 0; i < 3; ++i) {
    auto response = (*connection)->receive<protocol::metadata_response>();
    ASSERT_TRUE(response.ok()) << response.error_value().to_string();
    EXPECT_EQ((*response)->controller_id, 100 + i);
  }
  EXPECT_EQ((*connection)->in_flight(), 0u);
}

// Runs one Metadata request against a broker that handshakes, then does `misbehave`.
error metadata_failure(std::function<void(scripted_broker&, int32_t)> misbehave) {
  scripted_broker broker([&](scripted_broker& b) {
    b.handshake({{18, 0, 3}, {3, 0, 8}});
    misbehave(b, b.read_request().correlation_id);
  });
  auto connection = broker_connection::open(broker.address(), quick_options());
  EXPECT_TRUE(connection.ok());
  auto response = (*connection)->send(protocol::metadata_request{});
  EXPECT_FALSE(response.ok());
  EXPECT_FALSE((*connection)->is_open());  // the stream cannot be trusted any more
  return response.ok() ? error({}, "") : response.error_value();
}

TEST(broker_connection, a_wrong_correlation_id_is_a_protocol_violation) {
  error failure = metadata_failure([](scripted_broker& b, int32_t id) {
    b.answer(id + 7, 0, protocol::metadata_response{}, 8);
  });
  EXPECT_EQ(failure, errc::protocol_violation);
  EXPECT_NE(failure.message().find("answered request"), std::string::npos);
}

TEST(broker_connection, an_absurd_size_is_refused_before_reading_it) {
  error failure = metadata_failure([](scripted_broker& b, int32_t) {
    uint8_t size[4];
    write_big_endian<int32_t>(size, 0x7fffffff);
    b.send_raw(size);
  });
  EXPECT_EQ(failure, errc::protocol_violation);
}

TEST(broker_connection, an_undecodable_body_is_a_protocol_violation) {
  error failure = metadata_failure([](scripted_broker& b, int32_t id) {
    byte_buffer frame(4 + 4 + 3, 0xff);  // correlation id, then three bytes of nonsense
    write_big_endian<int32_t>(frame.data() + 4, id);
    b.send_frame(frame);
  });
  EXPECT_EQ(failure, errc::protocol_violation);
}

TEST(broker_connection, a_closed_connection_says_so) {
  error failure = metadata_failure([](scripted_broker&, int32_t) {});
  EXPECT_EQ(failure, errc::connection_failed);
  EXPECT_NE(failure.message().find("closed the connection"), std::string::npos);
}

TEST(broker_connection, silence_times_out) {
  connection_options options = quick_options();
  options.request_timeout = 200ms;
  scripted_broker broker([](scripted_broker& b) {
    b.read_request();
    std::this_thread::sleep_for(400ms);
  });
  auto started = client_clock::now();
  auto connection = broker_connection::open(broker.address(), options);
  ASSERT_FALSE(connection.ok());
  EXPECT_EQ(connection.error_value(), errc::timed_out);
  EXPECT_LT(client_clock::now() - started, 2s);
}

TEST(broker_connection, nobody_listening_is_connection_failed) {
  int probe = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  ::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(probe);  // a port that was free a moment ago, with no listener
  auto connection =
      broker_connection::open({"127.0.0.1", ntohs(address.sin_port)}, quick_options());
  ASSERT_FALSE(connection.ok());
  EXPECT_EQ(connection.error_value(), errc::connection_failed);
  EXPECT_NE(connection.error_value().message().find("cannot connect to 127.0.0.1:"),
            std::string::npos);
}

}  // namespace
}  // namespace eventioz::client
