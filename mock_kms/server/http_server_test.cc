// MockServer over real loopback sockets: the adapter's replies (one Content-Length, AWS
// error bodies for cpp-httplib's own errors), the body cap, starvation by idle keep-alive
// connections, and a prompt Stop().
#include "mock_kms/server/http_server.h"

#include <arpa/inet.h>
#include <chrono>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

namespace kc::mock {
namespace {

using Clock = std::chrono::steady_clock;

int Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

bool SendAll(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

struct RawReply {
  int status = 0;
  std::string head;
  std::string body;
  int content_length_headers = 0;
};

// ReadReply: one HTTP/1.1 reply with a Content-Length body; status 0 on failure. Bytes
// read past the reply (pipelining) are kept in *pending for the next call.
RawReply ReadReply(int fd, std::string* pending = nullptr) {
  RawReply reply;
  std::string buffer;
  if (pending) buffer.swap(*pending);
  char chunk[4096];
  std::size_t header_end = std::string::npos;
  std::size_t length = 0;
  for (;;) {
    if (header_end == std::string::npos) {
      header_end = buffer.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        reply.head = buffer.substr(0, header_end);
        std::string lower = reply.head;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::size_t at = 0;
        while ((at = lower.find("\r\ncontent-length:", at)) != std::string::npos) {
          ++reply.content_length_headers;
          length = std::stoul(lower.substr(at + 17));
          at += 17;
        }
        header_end += 4;
      }
    }
    if (header_end != std::string::npos && buffer.size() >= header_end + length) break;
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return RawReply{};
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  reply.status = std::stoi(reply.head.substr(9, 3));
  reply.body = buffer.substr(header_end, length);
  if (pending) *pending = buffer.substr(header_end + length);
  return reply;
}

std::string Post(const std::string& target, const std::string& body) {
  return "POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: TrentService." + target +
         "\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.key_pool = 0;
    auto server = MockServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
  }
  RawReply Exchange(const std::string& request) {
    const int fd = Connect(server_->port());
    EXPECT_GE(fd, 0);
    EXPECT_TRUE(SendAll(fd, request));
    RawReply r = ReadReply(fd);
    ::close(fd);
    return r;
  }

  std::unique_ptr<MockServer> server_;
};

TEST_F(HttpServerTest, ServesAwsReplies) {
  EXPECT_GT(server_->port(), 0);
  EXPECT_EQ(server_->endpoint(), "http://127.0.0.1:" + std::to_string(server_->port()));
  RawReply r = Exchange(Post("DescribeKey", "{\"KeyId\":\"xyz\"}"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.content_length_headers, 1) << r.head;
  EXPECT_NE(r.head.find("x-amzn-RequestId: "), std::string::npos) << r.head;
  EXPECT_NE(r.head.find("Content-Type: application/x-amz-json-1.1"), std::string::npos);
  EXPECT_NE(r.body.find("\"__type\":\"NotFoundException\""), std::string::npos) << r.body;

  r = Exchange("GET /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_length_headers, 1);

  r = Exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("UnknownOperationException"), std::string::npos) << r.body;
}

TEST_F(HttpServerTest, OversizedBodyIsAwsErrorAndTheConnectionLives) {
  const int fd = Connect(server_->port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, Post("CreateKey", std::string(std::size_t{200} * 1024, ' '))));
  RawReply r = ReadReply(fd);
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.head.find("x-amzn-RequestId: "), std::string::npos) << r.head;
  EXPECT_NE(r.body.find("\"__type\":\"RequestEntityTooLargeException\""), std::string::npos)
      << r.body;
  ASSERT_TRUE(SendAll(fd, Post("ListKeys", "{}")));
  r = ReadReply(fd);
  EXPECT_EQ(r.status, 200) << r.body;
  ::close(fd);

  // A chunked body is capped too (cpp-httplib does not cap it: the dispatcher does).
  std::string chunked =
      "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: TrentService.CreateKey\r\n"
      "Content-Type: application/x-amz-json-1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 20; ++i) chunked += "1000\r\n" + std::string(0x1000, ' ') + "\r\n";
  chunked += "0\r\n\r\n";
  r = Exchange(chunked);
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("RequestEntityTooLargeException"), std::string::npos) << r.body;
}

TEST_F(HttpServerTest, EndlessRequestIs413AndCloses) {
  // A chunked body past the read limit (1 MiB) is never buffered whole.
  const int fd = Connect(server_->port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd,
                      "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: TrentService.CreateKey\r\n"
                      "Content-Type: application/x-amz-json-1.1\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n"));
  const std::string chunk = "10000\r\n" + std::string(0x10000, ' ') + "\r\n";
  for (int i = 0; i < 20; ++i) {
    if (!SendAll(fd, chunk)) break;  // the server may close before all is sent
  }
  const RawReply r = ReadReply(fd);
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("RequestEntityTooLargeException"), std::string::npos) << r.body;
  ::close(fd);
  // The server keeps serving.
  EXPECT_EQ(Exchange(Post("ListKeys", "{}")).status, 200);

  // A declared length past the limit: 413 too.
  const RawReply big = Exchange(
      "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: TrentService.CreateKey\r\n"
      "Content-Length: 5000000\r\n\r\n" +
      std::string(1200000, ' '));
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(Exchange(Post("ListKeys", "{}")).status, 200);
}

// proto.malformed-json:2 (HttpResponse::drop_connection): the connection closes without a
// byte of reply, and the server keeps serving new connections.
TEST(HttpServerFault, MalformedJson2DropsTheConnection) {
  ServerOptions options;
  options.key_pool = 0;
  options.fault = Fault::kProtoMalformedJson2;
  auto server = MockServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  const int fd = Connect((*server)->port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, Post("DescribeKey", "this is not json")));
  char byte = 0;
  EXPECT_EQ(::recv(fd, &byte, 1, 0), 0) << "expected the peer's close, no reply";
  ::close(fd);
  const int again = Connect((*server)->port());
  ASSERT_GE(again, 0);
  ASSERT_TRUE(SendAll(again, Post("ListKeys", "{}")));
  EXPECT_EQ(ReadReply(again).status, 200);
  ::close(again);
}

TEST_F(HttpServerTest, UnparsableRequestIsAwsError) {
  const RawReply r = Exchange("GARBAGE\r\n\r\n");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.head.find("x-amzn-RequestId: "), std::string::npos) << r.head;
  EXPECT_NE(r.body.find("\"__type\":"), std::string::npos) << r.body;
}

TEST_F(HttpServerTest, ExpectContinueIsAnsweredBeforeTheBody) {
  const int fd = Connect(server_->port());
  ASSERT_GE(fd, 0);
  const std::string body = "{}";
  ASSERT_TRUE(SendAll(fd,
                      "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: TrentService.ListKeys\r\n"
                      "Content-Type: application/x-amz-json-1.1\r\nExpect: 100-continue\r\n"
                      "Content-Length: 2\r\n\r\n"));
  char interim[64] = {};
  const ssize_t n = ::recv(fd, interim, sizeof interim - 1, 0);  // 5 s receive timeout
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(interim).substr(0, 25), "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(SendAll(fd, body));
  EXPECT_EQ(ReadReply(fd).status, 200);
  ::close(fd);
}

TEST_F(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
  const int fd = Connect(server_->port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, Post("ListKeys", "{}") + Post("DescribeKey", "{\"KeyId\":\"xyz\"}") +
                              Post("ListKeys", "{}")));
  std::string pending;
  EXPECT_EQ(ReadReply(fd, &pending).status, 200);
  EXPECT_EQ(ReadReply(fd, &pending).status, 400);
  EXPECT_EQ(ReadReply(fd, &pending).status, 200);
  ::close(fd);
}

TEST_F(HttpServerTest, IdleConnectionsDoNotStarveNewOnes) {
  std::vector<int> idle;
  idle.reserve(300);
  for (int i = 0; i < 300; ++i) {
    const int fd = Connect(server_->port());
    ASSERT_GE(fd, 0) << i;
    idle.push_back(fd);
  }
  // Let the server take them all (each now holds a worker in its keep-alive wait).
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto start = Clock::now();
  const RawReply r = Exchange(Post("ListKeys", "{}"));
  const auto elapsed = Clock::now() - start;
  EXPECT_EQ(r.status, 200);
  EXPECT_LT(elapsed, std::chrono::seconds(1));
  for (int fd : idle) ::close(fd);
}

TEST_F(HttpServerTest, StopIsPromptWithIdleConnections) {
  std::vector<int> idle(20);
  for (int& fd : idle) fd = Connect(server_->port());
  const int busy = Connect(server_->port());
  ASSERT_TRUE(SendAll(busy, Post("ListKeys", "{}")));
  EXPECT_EQ(ReadReply(busy).status, 200);
  const auto start = Clock::now();
  server_->Stop();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
  for (int fd : idle) ::close(fd);
  ::close(busy);
  server_->Stop();  // idempotent
}

TEST(HttpServer, BindFailureIsAnError) {
  ServerOptions options;
  options.key_pool = 0;
  auto first = MockServer::Start(options);
  ASSERT_TRUE(first.ok());
  options.port = (*first)->port();
  auto second = MockServer::Start(options);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
}

TEST(HttpServer, InvalidOptions) {
  ServerOptions options;
  options.auth = AuthMode::kSigV4;
  EXPECT_EQ(MockServer::Start(options).status().code(), StatusCode::kInvalidArgument);
  for (int n : {-1, 1025}) {
    ServerOptions ring;
    ring.fixed_wrapping_keys = n;
    EXPECT_EQ(ValidateServerOptions(ring),
              InvalidArgumentError("--fixed-wrapping-keys must be 1..1024"))
        << n;
  }
}

// The JSON string member `name` of a reply body (enough for PublicKey, which is base64).
std::string Member(const std::string& body, const std::string& name) {
  const std::string open = "\"" + name + "\":\"";
  const std::size_t at = body.find(open);
  if (at == std::string::npos) return "";
  const std::size_t start = at + open.size();
  return body.substr(start, body.find('"', start) - start);
}

TEST(HttpServer, FixedWrappingKeysReuseARingOfPairs) {
  ServerOptions options;
  options.fixed_wrapping_keys = 2;  // the embedded target sets it without test hooks
  auto server = MockServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  EXPECT_TRUE((*server)->StartupNotes().empty()) << "compiled keys: nothing generated";
  EXPECT_TRUE((*server)->WaitForWrappingKeys(std::chrono::milliseconds(1)));
  auto exchange = [&](const std::string& target, const std::string& body) {
    const int fd = Connect((*server)->port());
    EXPECT_GE(fd, 0);
    EXPECT_TRUE(SendAll(fd, Post(target, body)));
    RawReply r = ReadReply(fd);
    ::close(fd);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    return r.body;
  };
  const std::string key_id = Member(exchange("CreateKey", R"({"Origin":"EXTERNAL"})"), "KeyId");
  ASSERT_FALSE(key_id.empty());
  std::vector<std::string> public_keys;
  for (int k = 0; k < 3; ++k) {
    public_keys.push_back(Member(
        exchange("GetParametersForImport", R"({"KeyId":")" + key_id +
                                               R"(","WrappingAlgorithm":"RSAES_OAEP_SHA_256",)"
                                               R"("WrappingKeySpec":"RSA_2048"})"),
        "PublicKey"));
  }
  ASSERT_FALSE(public_keys[0].empty());
  EXPECT_EQ(public_keys[0], public_keys[2]);
  EXPECT_NE(public_keys[0], public_keys[1]);
}

}  // namespace
}  // namespace kc::mock
