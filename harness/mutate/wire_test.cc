#include "harness/mutate/wire.h"

#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "harness/client/test_servers.h"

namespace kc::mutate {
namespace {

using client::testing::RawTestServer;

sigv4::HttpRequest Request(std::string body) {
  sigv4::HttpRequest r;
  r.method = "POST";
  r.path = "/";
  r.headers = {{"Host", "127.0.0.1:1"}, {"X-Amz-Target", "TrentService.ListKeys"}};
  r.body = std::move(body);
  return r;
}

WireEndpoint Endpoint(const RawTestServer& s) { return *ParseWireEndpoint(s.url()); }

TEST(WireEndpointTest, ParsesPlainHttpOnly) {
  const auto e = ParseWireEndpoint("http://127.0.0.1:4566/");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->host, "127.0.0.1");
  EXPECT_EQ(e->port, 4566);
  EXPECT_EQ(ParseWireEndpoint("http://[::1]:80")->host, "::1");
  EXPECT_EQ(ParseWireEndpoint("http://localhost")->port, 80);
  EXPECT_FALSE(ParseWireEndpoint("https://kms.us-east-1.amazonaws.com").has_value());
  EXPECT_FALSE(ParseWireEndpoint("http://host:0").has_value());
  EXPECT_FALSE(ParseWireEndpoint("http://host:99999").has_value());
  EXPECT_FALSE(ParseWireEndpoint("http://host/path").has_value());
  EXPECT_FALSE(ParseWireEndpoint("http://").has_value());
}

TEST(FrameTest, EachFramingSaysWhatItDoes) {
  const auto r = Request("{\"Limit\":1}");  // 11 bytes
  EXPECT_NE(Frame(r, Framing::kNone).find("Content-Length: 11\r\n\r\n{\"Limit\":1}"), std::string::npos);
  EXPECT_NE(Frame(r, Framing::kContentLengthShort).find("Content-Length: 5\r\n"), std::string::npos);
  EXPECT_NE(Frame(r, Framing::kContentLengthLong).find("Content-Length: 27\r\n"), std::string::npos);
  EXPECT_NE(Frame(r, Framing::kContentLengthInvalid).find("Content-Length: 11abc\r\n"), std::string::npos);
  const std::string twice = Frame(r, Framing::kContentLengthTwice);
  EXPECT_NE(twice.find("Content-Length: 11\r\nContent-Length: 12\r\n"), std::string::npos);
  EXPECT_NE(Frame(r, Framing::kChunkedBadSize).find("chunked\r\n\r\nzz\r\n"), std::string::npos);
  const std::string truncated = Frame(r, Framing::kChunkedTruncated);
  EXPECT_NE(truncated.find("\r\n\r\nb\r\n{\"Limit\":1}\r\n"), std::string::npos);
  EXPECT_EQ(truncated.find("0\r\n\r\n"), std::string::npos);
  const std::string both = Frame(r, Framing::kChunkedAndLength);
  EXPECT_NE(both.find("Content-Length: 16\r\n"), std::string::npos);
  EXPECT_TRUE(both.ends_with("b\r\n{\"Limit\":1}\r\n0\r\n\r\n"));
  const std::string one = Frame(r, Framing::kNone);
  EXPECT_EQ(Frame(r, Framing::kPipelined), one + one);
  const std::string lf = Frame(r, Framing::kBareLf);
  EXPECT_EQ(lf.find('\r'), std::string::npos);
  EXPECT_TRUE(lf.starts_with("POST / HTTP/1.1\nHost: 127.0.0.1:1\n"));
}

TEST(ConnectionTest, ReadsContentLengthAndChunkedRepliesOnOneConnection) {
  std::atomic<int> connections{0};
  RawTestServer server([&](int fd, const std::string&) {
    ++connections;
    RawTestServer::WriteAll(fd,
                            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/x-amz-json-1.1\r\n"
                            "Content-Length: 2\r\n\r\n{}");
    std::string more = client::testing::ReadRequest(fd);
    RawTestServer::WriteAll(fd,
                            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                            "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
    more = client::testing::ReadRequest(fd);
  });
  Connection c(Endpoint(server), 5, 1 << 20);
  const std::string bytes = Frame(Request("{}"), Framing::kNone);
  const WireOutcome a = c.Exchange(bytes);
  ASSERT_TRUE(a.ok()) << a.detail;
  EXPECT_EQ(a.reply.status, 400);
  EXPECT_EQ(a.reply.body, "{}");
  EXPECT_EQ(a.reply.Header("content-type"), "application/x-amz-json-1.1");
  const WireOutcome b = c.Exchange(bytes);
  ASSERT_TRUE(b.ok()) << b.detail;
  EXPECT_EQ(b.reply.status, 200);
  EXPECT_EQ(b.reply.body, "abcde");
  EXPECT_EQ(connections.load(), 1);
}

TEST(ConnectionTest, ACloseWithoutAReplyIsClosed) {
  RawTestServer server([](int, const std::string&) {});
  Connection c(Endpoint(server), 5, 1 << 20);
  const WireOutcome o = c.Exchange(Frame(Request("{}"), Framing::kNone));
  EXPECT_EQ(o.kind, WireOutcome::Kind::kClosed);
}

TEST(ConnectionTest, SilenceIsATimeoutWithinTheWait) {
  RawTestServer server([](int, const std::string&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  });
  Connection c(Endpoint(server), 10, 1 << 20);
  const double start = NowSeconds();
  const WireOutcome o = c.Exchange(Frame(Request("{}"), Framing::kNone), false, 0.3);
  EXPECT_EQ(o.kind, WireOutcome::Kind::kTimeout);
  EXPECT_LT(NowSeconds() - start, 1.2);
}

TEST(ConnectionTest, GarbageIsABadReplyAndNothingListeningFailsToConnect) {
  RawTestServer server([](int fd, const std::string&) {
    RawTestServer::WriteAll(fd, "SSH-2.0-OpenSSH\r\n\r\n");
  });
  Connection c(Endpoint(server), 5, 1 << 20);
  EXPECT_EQ(c.Exchange(Frame(Request("{}"), Framing::kNone)).kind, WireOutcome::Kind::kBadReply);
  // Port 1: nothing listens there.
  Connection d(WireEndpoint{"127.0.0.1", 1}, 2, 1 << 20);
  EXPECT_EQ(d.Exchange("x").kind, WireOutcome::Kind::kConnectFailed);
}

TEST(ConnectionTest, AReplyLargerThanTheCapIsABadReply) {
  RawTestServer server([](int fd, const std::string&) {
    RawTestServer::WriteAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 5000000\r\n\r\n");
  });
  Connection c(Endpoint(server), 5, 1000);
  EXPECT_EQ(c.Exchange(Frame(Request("{}"), Framing::kNone)).kind, WireOutcome::Kind::kBadReply);
}

TEST(ConnectionTest, PipelinedRequestsGetTwoReplies) {
  RawTestServer server([](int fd, const std::string&) {
    RawTestServer::WriteAll(fd,
                            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nA"
                            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nB");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  });
  Connection c(Endpoint(server), 5, 1 << 20);
  const WireOutcome a = c.Exchange(Frame(Request("{}"), Framing::kPipelined));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a.reply.body, "A");
  const WireOutcome b = c.ReadReply();
  ASSERT_TRUE(b.ok()) << b.detail;
  EXPECT_EQ(b.reply.body, "B");
}

TEST(ConnectionTest, AReplyDelimitedByCloseAndHalfClose) {
  RawTestServer server([](int fd, const std::string& request) {
    if (request.find("X-Amz-Target") == std::string::npos) return;
    char b;
    // The client half-closed: reading more gives EOF at once.
    const ssize_t n = ::recv(fd, &b, 1, 0);
    RawTestServer::WriteAll(fd, n == 0 ? "HTTP/1.0 200 OK\r\n\r\nhalf-closed" : "HTTP/1.0 200 OK\r\n\r\nopen");
  });
  Connection c(Endpoint(server), 5, 1 << 20);
  const WireOutcome o = c.Exchange(Frame(Request("{}"), Framing::kHalfClosed), true);
  ASSERT_TRUE(o.ok()) << o.detail;
  EXPECT_EQ(o.reply.body, "half-closed");
}

}  // namespace
}  // namespace kc::mutate
