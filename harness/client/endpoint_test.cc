#include "harness/client/endpoint.h"

#include <gtest/gtest.h>

namespace kc::client {
namespace {

TEST(EndpointTest, HttpWithPort) {
  auto ep = ParseEndpoint("http://127.0.0.1:4566");
  ASSERT_TRUE(ep.ok()) << ep.status().ToString();
  EXPECT_FALSE(ep->tls);
  EXPECT_EQ(ep->host, "127.0.0.1");
  EXPECT_EQ(ep->port, 4566);
  EXPECT_EQ(ep->base_path, "");
  EXPECT_EQ(ep->HostHeader(), "127.0.0.1:4566");
  EXPECT_EQ(ep->RequestPath("/"), "/");
}

TEST(EndpointTest, HttpsDefaultPortAndHostHeaderWithoutIt) {
  auto ep = ParseEndpoint("HTTPS://kms.us-east-1.amazonaws.com/");
  ASSERT_TRUE(ep.ok());
  EXPECT_TRUE(ep->tls);
  EXPECT_EQ(ep->port, 443);
  EXPECT_EQ(ep->HostHeader(), "kms.us-east-1.amazonaws.com");
  EXPECT_EQ(ep->Origin(), "https://kms.us-east-1.amazonaws.com:443");
  auto http = ParseEndpoint("http://localhost");
  ASSERT_TRUE(http.ok());
  EXPECT_EQ(http->port, 80);
  EXPECT_EQ(http->HostHeader(), "localhost");
  auto odd = ParseEndpoint("https://h:8443");
  ASSERT_TRUE(odd.ok());
  EXPECT_EQ(odd->HostHeader(), "h:8443");
}

TEST(EndpointTest, Ipv6) {
  auto ep = ParseEndpoint("http://[::1]:8080");
  ASSERT_TRUE(ep.ok()) << ep.status().ToString();
  EXPECT_EQ(ep->host, "::1");
  EXPECT_EQ(ep->HostHeader(), "[::1]:8080");
  auto v6 = ParseEndpoint("http://[fe80::a:B]");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->HostHeader(), "[fe80::a:B]");
}

TEST(EndpointTest, BasePathJoinsLikeBotocore) {
  auto ep = ParseEndpoint("http://h:1/kms/v1/");
  ASSERT_TRUE(ep.ok());
  EXPECT_EQ(ep->base_path, "/kms/v1");
  EXPECT_EQ(ep->RequestPath("/"), "/kms/v1");
  EXPECT_EQ(ep->RequestPath("/_mock/clock"), "/kms/v1/_mock/clock");
}

class BadEndpointTest : public ::testing::TestWithParam<const char*> {};

TEST_P(BadEndpointTest, IsInvalidArgument) {
  auto ep = ParseEndpoint(GetParam());
  ASSERT_FALSE(ep.ok()) << GetParam();
  EXPECT_EQ(ep.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(ep.status().message().find("endpoint '"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Urls, BadEndpointTest,
                         ::testing::Values("", "localhost:4566", "ftp://h", "http://", "http://:80",
                                           "http://h:", "http://h:0", "http://h:65536",
                                           "http://h:-1", "http://h:+80", "http://h:80x",
                                           "http://user:pw@h", "http://h/p?q=1", "http://h#f",
                                           "http://h h", "http://h/a b", "http://[::1",
                                           "http://[zz]:1", "http://[::1]x", "http://h\r\n:1"));

}  // namespace
}  // namespace kc::client
