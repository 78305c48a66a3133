#include "harness/sigv4/http_text.h"

#include <gtest/gtest.h>

namespace kc::sigv4 {
namespace {

TEST(HttpTextTest, ParsesRequestLineHeadersAndBody) {
  const Result<HttpRequest> parsed = ParseHttpRequestText(
      "POST /example space/?a=1&b=2 HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1: "
      "value1\n\nbody\nline2");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->method, "POST");
  EXPECT_EQ(parsed->path, "/example space/");
  EXPECT_EQ(parsed->query, "a=1&b=2");
  ASSERT_EQ(parsed->headers.size(), 2u);
  EXPECT_EQ(parsed->headers[1].first, "My-Header1");
  EXPECT_EQ(parsed->headers[1].second, " value1");
  EXPECT_EQ(parsed->body, "body\nline2");
}

TEST(HttpTextTest, KeepsObsFoldedContinuations) {
  const char text[] = "GET / HTTP/1.1\nHost:h\nMy-Header1:value1\n  value2\n\tvalue3\n";
  const Result<HttpRequest> parsed = ParseHttpRequestText(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->headers.size(), 2u);
  EXPECT_EQ(parsed->headers[1].second, "value1\n  value2\n\tvalue3");
  EXPECT_EQ(SerializeHttpRequest(*parsed), std::string(text) + "\n");
}

TEST(HttpTextTest, AcceptsCrLf) {
  const Result<HttpRequest> parsed =
      ParseHttpRequestText("GET /?x HTTP/1.1\r\nHost: h\r\n\r\nbody\r\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->query, "x");
  EXPECT_EQ(parsed->headers[0].second, " h");
  EXPECT_EQ(parsed->body, "body\r\n");  // the body is not touched
}

TEST(HttpTextTest, RefusesMalformedText) {
  for (const char* bad :
       {"", "GET", "GET /", "GET / HTTQ/1.1", " / HTTP/1.1", "GET / HTTP/1.1\nNoColon",
        "GET / HTTP/1.1\n:empty-name", "GET / HTTP/1.1\n continuation-first", "GET  HTTP/1.1"}) {
    const Result<HttpRequest> parsed = ParseHttpRequestText(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace kc::sigv4
