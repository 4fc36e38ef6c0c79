// A fixture for tests that talk to a real kafka_server over loopback: a topic manager on a
// temporary directory (two shards), the server on a free port, and a topic "events" with two
// partitions. TearDown follows the order `eventioz serve` uses: stop the server, close the logs,
// then destroy the server.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "client/broker_connection.h"
#include "cluster/topic_manager.h"
#include "io/file_system.h"
#include "kafka/server/kafka_server.h"

namespace eventioz::kafka {

class in_process_broker : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/eventioz-server-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    root = pattern;
    auto opened = cluster::topic_manager::open(io::posix_file_system(),
                                               {.data_directory = root, .shard_count = 2});
    ASSERT_TRUE(opened.ok());
    topics = std::move(*opened);
    server = std::make_unique<kafka_server>(
        *topics, server_config{.listen_port = 0, .cluster_id = "test-cluster"});
    ASSERT_TRUE(server->start().ok());
    ASSERT_TRUE(topics->create_topic({.name = "events", .partition_count = 2}).ok());
  }

  void TearDown() override {
    server->shutdown();
    ASSERT_TRUE(topics->close().ok());
    server.reset();
    topics.reset();
    std::filesystem::remove_all(root);
  }

  std::unique_ptr<client::broker_connection> connect() {
    auto connection = client::broker_connection::open({"127.0.0.1", server->bound_port()}, {});
    EXPECT_TRUE(connection.ok()) << connection.error_value();
    return connection ? std::move(*connection) : nullptr;
  }

  std::string root;
  std::unique_ptr<cluster::topic_manager> topics;
  std::unique_ptr<kafka_server> server;
};

}  // namespace eventioz::kafka
