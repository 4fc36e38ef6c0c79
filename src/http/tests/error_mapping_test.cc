// Module errors become the HTTP statuses and problem slugs clients (and the console) react to.
#include "http/error_mapping.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cluster/errc.h"
#include "eventstore/errc.h"
#include "groups/errc.h"
#include "http/errc.h"
#include "model/errc.h"
#include "storage/errc.h"

namespace eventioz::http {
namespace {

TEST(error_mapping, gives_the_statuses_clients_react_to) {
  EXPECT_EQ(kind_of(cluster::errc::topic_exists).status, 409u);
  EXPECT_EQ(kind_of(cluster::errc::topic_exists).slug, "topic-exists");
  EXPECT_EQ(kind_of(cluster::errc::topic_not_found).status, 404u);
  EXPECT_EQ(kind_of(cluster::errc::topic_not_found).slug, "unknown-topic");
  EXPECT_EQ(kind_of(cluster::errc::invalid_partition_count).status, 400u);
  EXPECT_EQ(kind_of(cluster::errc::internal_topic).status, 403u);
  EXPECT_EQ(kind_of(cluster::errc::closing).status, 503u);
  EXPECT_EQ(kind_of(storage::errc::invalid_config).slug, "invalid-config");
  EXPECT_EQ(kind_of(storage::errc::invalid_partition_name).status, 400u);
  EXPECT_EQ(kind_of(storage::errc::offset_out_of_range).status, 416u);
  EXPECT_EQ(kind_of(storage::errc::batch_too_large).status, 413u);
  EXPECT_EQ(kind_of(storage::errc::corrupt_data).status, 500u);
  EXPECT_EQ(kind_of(model::errc::record_invalid).status, 400u);
  EXPECT_EQ(kind_of(groups::errc::non_empty_group).slug, "group-not-empty");
  EXPECT_EQ(kind_of(errc::bad_json).slug, "bad-json");
  EXPECT_EQ(kind_of(errc::unknown_partition).status, 404u);
  EXPECT_EQ(kind_of(errc::too_many_records).status, 413u);
  EXPECT_EQ(kind_of(std::make_error_code(std::errc::invalid_argument)).status, 400u);
  EXPECT_EQ(kind_of(std::make_error_code(std::errc::no_space_on_device)).slug, "storage-error");
  EXPECT_EQ(kind_of(std::make_error_code(std::errc::permission_denied)).status, 500u);
}

// Every value of every module's errc has a considered answer, not the fallback.
TEST(error_mapping, every_module_error_is_mapped) {
  for (int code = 1; code <= 12; ++code) {
    EXPECT_NE(kind_of(static_cast<cluster::errc>(code)).slug, "internal-error") << code;
  }
  for (int code = 1; code <= 10; ++code) {
    EXPECT_NE(kind_of(static_cast<storage::errc>(code)).slug, "internal-error") << code;
  }
  for (int code = 1; code <= 11; ++code) {
    EXPECT_NE(kind_of(static_cast<model::errc>(code)).slug, "internal-error") << code;
  }
  for (int code = 1; code <= 16; ++code) {
    EXPECT_NE(kind_of(static_cast<groups::errc>(code)).slug, "internal-error") << code;
  }
  for (int code = 1; code <= 4; ++code) {
    EXPECT_NE(kind_of(static_cast<errc>(code)).slug, "internal-error") << code;
  }
  for (int code = 1; code <= 17; ++code) {
    EXPECT_NE(kind_of(static_cast<eventstore::errc>(code)).slug, "internal-error") << code;
  }
}

// The event store's answers (docs/http-api.md#event-store): what clients retry on (409), give
// up on (404, 410) or fix (400, 416, 422).
TEST(error_mapping, gives_the_event_store_statuses) {
  using eventstore::errc;
  struct expectation {
    errc code;
    unsigned status;
    std::string_view slug;
  };
  const expectation table[] = {
      {errc::store_not_found, 404, "unknown-store"},
      {errc::not_a_store, 404, "not-a-store"},
      {errc::stream_not_found, 404, "stream-not-found"},
      {errc::projection_not_found, 404, "projection-not-found"},
      {errc::stream_deleted, 410, "stream-deleted"},
      {errc::wrong_expected_version, 409, "wrong-expected-version"},
      {errc::event_id_conflict, 409, "event-id-conflict"},
      {errc::projection_exists, 409, "projection-exists"},
      {errc::invalid_expected_version, 400, "invalid-expected-version"},
      {errc::invalid_event, 400, "invalid-event"},
      {errc::invalid_reducer, 400, "invalid-reducer"},
      {errc::invalid_store_config, 400, "invalid-store-config"},
      {errc::transactional_write, 400, "transactional-write"},
      {errc::version_out_of_range, 416, "version-out-of-range"},
      {errc::reducer_failed, 422, "reducer-failed"},
      {errc::index_failed, 503, "index-unavailable"},
      {errc::invalid_projection, 400, "invalid-projection"},
  };
  for (const auto& [code, status, slug] : table) {
    EXPECT_EQ(kind_of(code).status, status) << slug;
    EXPECT_EQ(kind_of(code).slug, slug);
  }
}

TEST(error_mapping, answers_problem_json_with_the_message_as_detail) {
  http_response response =
      error_response(error(cluster::errc::topic_not_found, "topic \"x\" does not exist"));
  EXPECT_EQ(response.status, 404u);
  EXPECT_EQ(response.content_type, "application/problem+json");
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["type"], "https://eventioz.dev/problems/unknown-topic");
  EXPECT_EQ(body["status"], 404);
  EXPECT_EQ(body["detail"], "topic \"x\" does not exist");
  EXPECT_FALSE(body["title"].get<std::string>().empty());
}

}  // namespace
}  // namespace eventioz::http
