// BytesReceived: how many payload bytes a TCP socket has received so far (Linux TCP_INFO,
// tcpi_bytes_received), or nullopt when the socket cannot tell (closed, not TCP, old
// kernel). Lets the transport's watchdog bound what a target can make the client read even
// while the HTTP library is still parsing headers. Its own file: <linux/tcp.h> clashes with
// <netinet/tcp.h>, which httplib.h includes.
#ifndef KC_CLIENT_SOCKET_STATS_H_
#define KC_CLIENT_SOCKET_STATS_H_

#include <cstdint>
#include <optional>

namespace kc::client {

std::optional<std::uint64_t> BytesReceived(int fd);

}  // namespace kc::client

#endif  // KC_CLIENT_SOCKET_STATS_H_
