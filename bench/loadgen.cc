// loadgen: a small HTTP/1.1 load generator for the mock KMS (and any KMS emulator).
//
// N keep-alive connections spread over M threads; each connection has one request in
// flight, and sends the next one as soon as the reply is complete (closed loop). The
// request is fixed: method, path, headers (X-Amz-Target, Content-Type, ...) and a body
// from a file or the command line. Prints requests/s and latency p50/p90/p99/max, as text
// or (--json) one JSON object, for scripts/bench-mock.
//
//   loadgen --port 8080 --target DescribeKey --body '{"KeyId":"..."}' --duration 5
//
// Raw sockets and epoll: the generator must cost far less per request than the server it
// measures, since both share the machine's cores.
#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using SteadyClock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  int connections = 16;
  int threads = 1;
  double duration = 5;
  double warmup = 0.5;
  long long max_requests = 0;  // 0: until the duration is over
  std::string method = "POST";
  std::string path = "/";
  std::vector<std::string> headers;
  std::string body;
  std::string content_type = "application/x-amz-json-1.1";
  int expect_status = 200;
  bool json = false;
};

void Usage(FILE* out) {
  std::fputs(
      "usage: loadgen --port N [--host H] [--connections N] [--threads M]\n"
      "               [--duration SECONDS] [--warmup SECONDS] [--requests N]\n"
      "               [--method M] [--path P] [--target OPERATION] [--header 'K: V']...\n"
      "               [--content-type T] [--body TEXT | --body-file FILE]\n"
      "               [--expect-status CODE] [--json]\n"
      "  --target Op       adds 'X-Amz-Target: TrentService.Op'\n"
      "  --requests N      stop after N requests in all (no warm-up), else after --duration\n"
      "  --expect-status   replies with another status count as errors (default 200)\n",
      out);
}

[[noreturn]] void Fail(const std::string& message) {
  std::fprintf(stderr, "loadgen: %s\n", message.c_str());
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(2);  // also from a load thread: no exit handlers run under other threads
}

template <typename T>
T ParseNumber(std::string_view flag, std::string_view text) {
  T value{};
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    Fail(std::string(flag) + ": not a number: '" + std::string(text) + "'");
  }
  return value;
}

Options ParseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      Usage(stdout);
      std::fflush(stdout);
      std::_Exit(0);
    }
    if (flag == "--json") {
      o.json = true;
      continue;
    }
    if (i + 1 >= argc) Fail(std::string(flag) + " needs a value (see --help)");
    const std::string_view v = argv[++i];
    if (flag == "--host") {
      o.host = v;
    } else if (flag == "--port") {
      o.port = ParseNumber<int>(flag, v);
    } else if (flag == "--connections") {
      o.connections = ParseNumber<int>(flag, v);
    } else if (flag == "--threads") {
      o.threads = ParseNumber<int>(flag, v);
    } else if (flag == "--duration") {
      o.duration = ParseNumber<double>(flag, v);
    } else if (flag == "--warmup") {
      o.warmup = ParseNumber<double>(flag, v);
    } else if (flag == "--requests") {
      o.max_requests = ParseNumber<long long>(flag, v);
    } else if (flag == "--method") {
      o.method = v;
    } else if (flag == "--path") {
      o.path = v;
    } else if (flag == "--target") {
      o.headers.push_back("X-Amz-Target: TrentService." + std::string(v));
    } else if (flag == "--header") {
      o.headers.emplace_back(v);
    } else if (flag == "--content-type") {
      o.content_type = v;
    } else if (flag == "--body") {
      o.body = v;
    } else if (flag == "--body-file") {
      std::ifstream in{std::string(v), std::ios::binary};
      if (!in) Fail("cannot read " + std::string(v));
      o.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    } else if (flag == "--expect-status") {
      o.expect_status = ParseNumber<int>(flag, v);
    } else {
      Fail("unknown flag " + std::string(flag) + " (see --help)");
    }
  }
  if (o.port <= 0 || o.port > 65535) Fail("--port is required (1..65535)");
  if (o.connections < 1 || o.threads < 1) Fail("--connections and --threads must be >= 1");
  if (o.threads > o.connections) o.threads = o.connections;
  if (o.duration <= 0 && o.max_requests <= 0) Fail("--duration or --requests must be > 0");
  if (o.max_requests > 0) o.warmup = 0;
  return o;
}

std::string BuildRequest(const Options& o) {
  std::string r = o.method + " " + o.path + " HTTP/1.1\r\nHost: " + o.host + ":" +
                  std::to_string(o.port) + "\r\n";
  for (const auto& h : o.headers) r += h + "\r\n";
  if (!o.content_type.empty()) r += "Content-Type: " + o.content_type + "\r\n";
  r += "Content-Length: " + std::to_string(o.body.size()) + "\r\n\r\n";
  r += o.body;
  return r;
}

int Connect(const sockaddr_storage& addr, socklen_t len) {
  const int fd = ::socket(addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), len) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool IEqualsPrefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const char a = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    if (a != prefix[i]) return false;
  }
  return true;
}

// A reply being read: headers, then Content-Length bytes of body.
struct Reply {
  std::string buffer;
  std::size_t header_end = 0;  // offset just past "\r\n\r\n", 0 while unknown
  std::size_t content_length = 0;
  int status = 0;
  bool close_after = false;

  void Reset() {
    buffer.clear();
    header_end = 0;
    content_length = 0;
    status = 0;
    close_after = false;
    until_eof = false;
  }
  // Complete: true once the whole reply is in buffer. A reply without Content-Length is
  // read until the server closes (HTTP/1.0 style: until_eof); bad is set for a reply that
  // is not HTTP/1.x or is chunked (not supported).
  bool until_eof = false;
  bool Complete(bool& bad) {
    if (header_end == 0) {
      const std::size_t end = buffer.find("\r\n\r\n");
      if (end == std::string::npos) return false;
      header_end = end + 4;
      const std::string_view head(buffer.data(), end);
      if (head.size() < 12 || !head.starts_with("HTTP/1.")) {
        bad = true;
        return false;
      }
      // HTTP/1.0 closes after each reply unless it says keep-alive.
      bool http10 = head.starts_with("HTTP/1.0");
      bool keep_alive = false;
      status = std::atoi(std::string(head.substr(9, 3)).c_str());
      bool have_length = false;
      std::size_t pos = head.find("\r\n");
      while (pos != std::string_view::npos) {
        const std::size_t next = head.find("\r\n", pos + 2);
        const std::string_view line = head.substr(
            pos + 2, next == std::string_view::npos ? std::string_view::npos : next - pos - 2);
        if (IEqualsPrefix(line, "content-length:")) {
          content_length = static_cast<std::size_t>(std::atoll(line.substr(15).data()));
          have_length = true;
        } else if (IEqualsPrefix(line, "connection:")) {
          if (line.find("close") != std::string_view::npos) close_after = true;
          if (line.find("eep-alive") != std::string_view::npos) keep_alive = true;
        } else if (IEqualsPrefix(line, "transfer-encoding:")) {
          bad = true;
          return false;
        }
        pos = next;
      }
      if (http10 && !keep_alive) close_after = true;
      if (!have_length) {
        if (!close_after) {
          bad = true;
          return false;
        }
        until_eof = true;
      }
    }
    if (until_eof) return false;  // complete when the server closes
    return buffer.size() >= header_end + content_length;
  }
};

struct Connection {
  int fd = -1;
  SteadyClock::time_point sent;
  Reply reply;
};

struct ThreadResult {
  long long requests = 0;
  long long errors = 0;      // unexpected status
  long long reconnects = 0;  // the server closed or reset the connection
  std::vector<std::uint32_t> latencies_us;
  std::string first_unexpected;  // the first reply with an unexpected status
};

struct Shared {
  const Options* options = nullptr;
  std::string request;
  sockaddr_storage addr{};
  socklen_t addr_len = 0;
  std::atomic<bool> stop{false};
  std::atomic<bool> measuring{false};
  std::atomic<long long> budget{0};  // --requests: how many may still be sent
};

bool TakeBudget(Shared& s) {
  if (s.options->max_requests <= 0) return true;
  return s.budget.fetch_sub(1, std::memory_order_relaxed) > 0;
}

void RunThread(Shared& s, int connections, ThreadResult& out) {
  const int ep = ::epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) Fail("epoll_create1 failed");
  std::vector<Connection> conns(static_cast<std::size_t>(connections));
  out.latencies_us.reserve(1 << 16);
  int in_flight = 0;

  auto start_request = [&](std::size_t i) -> bool {
    Connection& c = conns[i];
    if (s.stop.load(std::memory_order_relaxed) || !TakeBudget(s)) return false;
    if (c.fd < 0) {
      c.fd = Connect(s.addr, s.addr_len);
      if (c.fd < 0) Fail("cannot connect to the server");
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = i;
      ::epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
    }
    c.reply.Reset();
    c.sent = SteadyClock::now();
    if (!SendAll(c.fd, s.request)) {
      // The server closed the idle connection: reconnect once and resend.
      ::epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
      ::close(c.fd);
      ++out.reconnects;
      c.fd = Connect(s.addr, s.addr_len);
      if (c.fd < 0) Fail("cannot reconnect to the server");
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = i;
      ::epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
      if (!SendAll(c.fd, s.request)) Fail("send failed");
    }
    ++in_flight;
    return true;
  };
  auto drop = [&](Connection& c) {
    ::epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
    ::close(c.fd);
    c.fd = -1;
  };

  for (std::size_t i = 0; i < conns.size(); ++i) start_request(i);
  std::vector<epoll_event> events(conns.size());
  char buf[16384];
  while (in_flight > 0) {
    const int n = ::epoll_wait(ep, events.data(), static_cast<int>(events.size()), 200);
    if (n < 0 && errno != EINTR) Fail("epoll_wait failed");
    for (int e = 0; e < n; ++e) {
      const std::size_t i = events[static_cast<std::size_t>(e)].data.u64;
      Connection& c = conns[i];
      const ssize_t got = ::recv(c.fd, buf, sizeof buf, 0);
      if (got < 0 && errno == EINTR) continue;
      if (got == 0 && c.reply.until_eof) {
        c.reply.content_length = c.reply.buffer.size() - c.reply.header_end;
        c.reply.until_eof = false;
        c.reply.close_after = true;
      } else if (got <= 0) {
        // The server closed (or reset) the connection with our request in flight.
        drop(c);
        --in_flight;
        ++out.reconnects;
        ++out.errors;
        start_request(i);
        continue;
      }
      if (got > 0) c.reply.buffer.append(buf, static_cast<std::size_t>(got));
      bool bad = false;
      if (!c.reply.Complete(bad)) {
        if (bad) Fail("unreadable reply (chunked or not HTTP/1.x)");
        continue;
      }
      --in_flight;
      const auto now = SteadyClock::now();
      if (s.measuring.load(std::memory_order_relaxed) || s.options->max_requests > 0) {
        ++out.requests;
        const auto us = std::chrono::duration_cast<std::chrono::microseconds>(now - c.sent);
        out.latencies_us.push_back(
            static_cast<std::uint32_t>(std::min<long long>(us.count(), 0xffffffffLL)));
        if (c.reply.status != s.options->expect_status) {
          ++out.errors;
          if (out.first_unexpected.empty()) out.first_unexpected = c.reply.buffer.substr(0, 600);
        }
      }
      if (c.reply.close_after) {
        drop(c);
        ++out.reconnects;
      }
      start_request(i);
    }
  }
  for (auto& c : conns) {
    if (c.fd >= 0) ::close(c.fd);
  }
  ::close(ep);
}

std::uint32_t Percentile(const std::vector<std::uint32_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1));
  return sorted[rank];
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = ParseArgs(argc, argv);
  Shared shared;
  shared.options = &options;
  shared.request = BuildRequest(options);
  shared.budget = options.max_requests;

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (::getaddrinfo(options.host.c_str(), std::to_string(options.port).c_str(), &hints, &res) !=
          0 ||
      res == nullptr) {
    Fail("cannot resolve " + options.host);
  }
  std::memcpy(&shared.addr, res->ai_addr, res->ai_addrlen);
  shared.addr_len = res->ai_addrlen;
  ::freeaddrinfo(res);

  std::vector<ThreadResult> results(static_cast<std::size_t>(options.threads));
  std::vector<std::thread> threads;
  for (int t = 0; t < options.threads; ++t) {
    const int conns =
        options.connections / options.threads + (t < options.connections % options.threads ? 1 : 0);
    threads.emplace_back(RunThread, std::ref(shared), conns,
                         std::ref(results[static_cast<std::size_t>(t)]));
  }
  const auto t0 = SteadyClock::now();
  SteadyClock::time_point measure_start = t0;
  if (options.max_requests <= 0) {
    std::this_thread::sleep_for(std::chrono::duration<double>(options.warmup));
    measure_start = SteadyClock::now();
    shared.measuring = true;
    std::this_thread::sleep_for(std::chrono::duration<double>(options.duration));
    shared.stop = true;
  }
  for (auto& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - measure_start).count();

  ThreadResult all;
  for (auto& r : results) {
    all.requests += r.requests;
    all.errors += r.errors;
    all.reconnects += r.reconnects;
    all.latencies_us.insert(all.latencies_us.end(), r.latencies_us.begin(), r.latencies_us.end());
    if (all.first_unexpected.empty()) all.first_unexpected = r.first_unexpected;
  }
  std::sort(all.latencies_us.begin(), all.latencies_us.end());
  const double rate = seconds > 0 ? static_cast<double>(all.requests) / seconds : 0;
  const auto ms = [&](double p) { return Percentile(all.latencies_us, p) / 1000.0; };
  const double max_ms = all.latencies_us.empty() ? 0 : all.latencies_us.back() / 1000.0;
  if (options.json) {
    std::printf(
        "{\"requests\": %lld, \"seconds\": %.3f, \"rps\": %.1f, \"errors\": %lld, "
        "\"reconnects\": %lld, \"p50_ms\": %.3f, \"p90_ms\": %.3f, \"p99_ms\": %.3f, "
        "\"max_ms\": %.3f}\n",
        all.requests, seconds, rate, all.errors, all.reconnects, ms(50), ms(90), ms(99), max_ms);
  } else {
    std::printf("requests   %lld in %.2f s (%d connections, %d threads)\n", all.requests, seconds,
                options.connections, options.threads);
    std::printf("rate       %.0f requests/s\n", rate);
    std::printf("latency    p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  max %.3f ms\n", ms(50), ms(90),
                ms(99), max_ms);
    std::printf("errors     %lld (status != %d or dropped), reconnects %lld\n", all.errors,
                options.expect_status, all.reconnects);
  }
  if (!all.first_unexpected.empty()) {
    std::fprintf(stderr, "loadgen: first unexpected reply:\n%s\n", all.first_unexpected.c_str());
  }
  std::fflush(stdout);
  return all.errors > 0 ? 1 : 0;
}
