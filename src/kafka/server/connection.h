// One client's TCP connection: reads size-prefixed request frames, hands each to the router,
// and writes the answers back in request order (clients pipeline; Kafka requires the order).
//
// Limits, checked before anything is allocated: a frame larger than max_request_bytes closes
// the connection without reading its body; each body's size is reserved from the shard's
// memory budget before it is read (back-pressure); at most max_in_flight_requests are
// pipelined, after which the connection stops reading until answers go out.
//
// Lives on one shard: every member function runs on that shard's thread. Kept alive by the
// pending reads/writes and by in-flight requests (shared_ptr).
#pragma once

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kafka/protocol/wire_writer.h"
#include "kafka/server/broker_context.h"

namespace eventioz::kafka {

class connection : public std::enable_shared_from_this<connection> {
 public:
  connection(boost::asio::ip::tcp::socket socket, uint32_t shard, broker_context& broker);
  ~connection();

  void start();
  uint32_t shard() const { return _shard; }
  // Broker-wide, increasing in accept order (the transaction coordinator's guard uses it).
  uint64_t id() const { return _id; }
  // "address:port" of the client ("unknown peer" when the socket could not tell).
  const std::string& peer() const { return _peer; }

  // The answer to request `sequence`: a framed response, nothing (acks=0), or a request to
  // close once the earlier answers are out.
  struct answer {
    std::vector<protocol::output_chunk> frame;  // empty: send nothing
    bool close_after = false;
    std::string close_reason;
  };
  void complete(uint64_t sequence, answer result);

  // Reads no further request: the one being handled will close the connection, and nothing
  // the client pipelined after it may take effect unanswered.
  void stop_reading() { _stop_reading = true; }

  // Gives back request `sequence`'s memory early: its handler no longer needs the frame (a
  // long-polling fetch, which decoded everything it needs into its own request).
  void release_reservation(uint64_t sequence);

 private:
  void read_size();
  void read_body(uint32_t size_bytes);
  void dispatch(std::shared_ptr<byte_buffer> frame, uint32_t reserved_bytes);
  void maybe_read_next();
  void write_ready_answers();
  void write_chunks(size_t index);
  void send_file_slice(size_t index, uint64_t sent_bytes);
  void finish_answer();
  void fail_write(const std::string& reason);
  void close(const std::string& reason);

  boost::asio::ip::tcp::socket _socket;
  const uint32_t _shard;
  const uint64_t _id;
  broker_context& _broker;
  std::string _peer;

  std::array<uint8_t, 4> _size_prefix{};
  bool _reading = false;
  bool _closed = false;
  bool _stop_reading = false;
  uint64_t _next_sequence = 0;

  struct pending {
    uint32_t reserved_bytes = 0;
    std::optional<answer> ready;
  };
  std::map<uint64_t, pending> _pending;  // in-flight requests, by arrival
  bool _writing = false;
  answer _writing_answer;  // the answer being written
  uint32_t _writing_reserved_bytes = 0;
};

}  // namespace eventioz::kafka
