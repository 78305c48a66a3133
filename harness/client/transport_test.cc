// The client against targets that misbehave at the transport level: silence, a close
// without a reply, garbage, oversized bodies, header floods, trickling, nothing listening.
// Each must come back as the specific Status, quickly, with memory bounded.
#include <chrono>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>

#include "harness/client/client.h"
#include "harness/client/test_servers.h"

namespace kc::client {
namespace {

using testing::RawTestServer;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kOkReply =
    "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 2\r\n\r\n{}";

std::unique_ptr<KmsClient> MakeClient(const std::string& url, double timeout = 0.5,
                                      std::size_t max_bytes = 1 << 20) {
  Target t;
  t.endpoint = url;
  t.credentials = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
  ClientOptions o;
  o.timeout_seconds = timeout;
  o.max_response_bytes = max_bytes;
  auto c = KmsClient::Create(t, o);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return std::move(c).value();
}

RawRequest Probe() {
  RawRequest r;
  r.target = "TrentService.ListKeys";
  r.body = "{}";
  return r;
}

double SecondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

TEST(TransportTest, SilentServerIsDeadlineExceededWithinTheTimeout) {
  RawTestServer server([](int, const std::string&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  });
  auto client = MakeClient(server.url(), 0.5);
  const auto start = Clock::now();
  const RawReply r = client->Send(Probe());
  const double elapsed = SecondsSince(start);
  EXPECT_EQ(r.transport.code(), StatusCode::kDeadlineExceeded) << r.transport.ToString();
  EXPECT_GE(elapsed, 0.4);
  EXPECT_LT(elapsed, 1.5);
  ASSERT_EQ(client->transcript().size(), 1u);
  EXPECT_FALSE(client->transcript()[0].response);
  EXPECT_NE(client->transcript()[0].transport_error.find("DEADLINE_EXCEEDED"), std::string::npos);
}

TEST(TransportTest, CloseWithoutAnswerIsUnavailable) {
  RawTestServer server([](int, const std::string&) {});
  auto client = MakeClient(server.url(), 2);
  const auto start = Clock::now();
  const RawReply r = client->Send(Probe());
  EXPECT_EQ(r.transport, UnavailableError("connection closed before a response"));
  EXPECT_LT(SecondsSince(start), 1.0);
  EXPECT_EQ(r.status, 0);
}

TEST(TransportTest, GarbageIsATransportError) {
  RawTestServer server([](int fd, const std::string&) {
    RawTestServer::WriteAll(fd, "SSH-2.0-OpenSSH_9.2\r\nthis is not HTTP at all\r\n\r\n");
  });
  auto client = MakeClient(server.url(), 2);
  const RawReply r = client->Send(Probe());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.transport.code(), StatusCode::kUnavailable) << r.transport.ToString();
}

TEST(TransportTest, FiveMiBBodyWithContentLengthIsResourceExhausted) {
  RawTestServer server([](int fd, const std::string&) {
    const std::size_t n = 5u << 20;
    RawTestServer::WriteAll(fd,
                            "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(n) + "\r\n\r\n");
    RawTestServer::WriteAll(fd, std::string(n, 'x'));
  });
  auto client = MakeClient(server.url(), 5, 1 << 20);
  const RawReply r = client->Send(Probe());
  EXPECT_EQ(r.transport.code(), StatusCode::kResourceExhausted) << r.transport.ToString();
  EXPECT_TRUE(r.body.empty());
}

TEST(TransportTest, FiveMiBChunkedBodyIsResourceExhaustedAtTheCap) {
  std::atomic<std::size_t> written{0};
  RawTestServer server([&](int fd, const std::string&) {
    RawTestServer::WriteAll(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    const std::string chunk = "10000\r\n" + std::string(0x10000, 'y') + "\r\n";
    for (int i = 0; i < 80; ++i) {  // 5 MiB
      const ssize_t n = ::send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      written += static_cast<std::size_t>(n);
    }
    RawTestServer::WriteAll(fd, "0\r\n\r\n");
  });
  auto client = MakeClient(server.url(), 5, 1 << 20);
  const RawReply r = client->Send(Probe());
  EXPECT_EQ(r.transport.code(), StatusCode::kResourceExhausted) << r.transport.ToString();
  EXPECT_NE(r.transport.message().find("1048576"), std::string::npos);
  EXPECT_TRUE(r.body.empty());
}

TEST(TransportTest, SmallBodyUnderTheCapArrives) {
  RawTestServer server([](int fd, const std::string&) {
    RawTestServer::WriteAll(
        fd, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + std::string(1000, 'z'));
  });
  auto client = MakeClient(server.url(), 5, 1000);
  const RawReply r = client->Send(Probe());
  ASSERT_TRUE(r.ok()) << r.transport.ToString();
  EXPECT_EQ(r.body, std::string(1000, 'z'));
}

TEST(TransportTest, EndlessHeadersAreCut) {
  RawTestServer server([](int fd, const std::string&) {
    RawTestServer::WriteAll(fd, "HTTP/1.1 200 OK\r\n");
    const std::string line = "X-Flood: " + std::string(100, 'h') + "\r\n";
    std::string block;
    for (int i = 0; i < 600; ++i) block += line;  // ~64 KiB
    for (int i = 0; i < 2000; ++i) {              // up to ~128 MiB
      if (::send(fd, block.data(), block.size(), MSG_NOSIGNAL) <= 0) return;
    }
  });
  auto client = MakeClient(server.url(), 20, 1 << 20);
  const auto start = Clock::now();
  const RawReply r = client->Send(Probe());
  EXPECT_EQ(r.transport.code(), StatusCode::kResourceExhausted) << r.transport.ToString();
  EXPECT_LT(SecondsSince(start), 10.0);
}

TEST(TransportTest, TricklingServerHitsTheOverallDeadline) {
  RawTestServer server([](int fd, const std::string&) {
    const std::string head = "HTTP/1.1 200 OK\r\nX-Slow: ";
    RawTestServer::WriteAll(fd, head);
    for (int i = 0; i < 40; ++i) {  // one byte every 100 ms: no read ever times out
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (::send(fd, "a", 1, MSG_NOSIGNAL) <= 0) return;
    }
  });
  auto client = MakeClient(server.url(), 0.5);
  const auto start = Clock::now();
  const RawReply r = client->Send(Probe());
  EXPECT_EQ(r.transport.code(), StatusCode::kDeadlineExceeded) << r.transport.ToString();
  EXPECT_LT(SecondsSince(start), 2.0);
}

TEST(TransportTest, RefusedConnectionIsUnavailable) {
  // A port that was just free: nothing listens there.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const int port = ntohs(addr.sin_port);
  ::close(fd);
  auto client = MakeClient("http://127.0.0.1:" + std::to_string(port), 2);
  const RawReply r = client->Send(Probe());
  EXPECT_EQ(r.transport.code(), StatusCode::kUnavailable) << r.transport.ToString();
  EXPECT_NE(r.transport.message().find("could not connect"), std::string::npos);
}

TEST(TransportTest, RecoversAfterAFailure) {
  std::atomic<int> n{0};
  RawTestServer server([&](int fd, const std::string&) {
    if (n++ == 0) return;  // first connection: closed without a reply
    RawTestServer::WriteAll(fd, kOkReply);
  });
  auto client = MakeClient(server.url(), 2);
  EXPECT_FALSE(client->Send(Probe()).ok());
  const RawReply r = client->Send(Probe());
  ASSERT_TRUE(r.ok()) << r.transport.ToString();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(client->transcript().size(), 2u);
}

TEST(TransportTest, HeaderInjectionIsRefusedBeforeSending) {
  RawTestServer server([](int fd, const std::string&) { RawTestServer::WriteAll(fd, kOkReply); });
  auto client = MakeClient(server.url(), 2);
  RawRequest r = Probe();
  r.extra_headers = {{"X-Evil", "a\r\nX-Injected: 1"}};
  EXPECT_EQ(client->Send(r).transport.code(), StatusCode::kInvalidArgument);
  r = Probe();
  r.path = "/a b";
  EXPECT_EQ(client->Send(r).transport.code(), StatusCode::kInvalidArgument);
  r = Probe();
  r.extra_headers = {{"Content-Length", "99"}};
  EXPECT_EQ(client->Send(r).transport.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(client->transcript().size(), 3u);
}

}  // namespace
}  // namespace kc::client
