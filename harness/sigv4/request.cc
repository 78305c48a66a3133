#include "harness/sigv4/request.h"

#include <algorithm>

namespace kc::sigv4 {
namespace {

constexpr char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

std::optional<std::string_view> FindHeader(const HttpRequest& request, std::string_view name) {
  for (const auto& [header_name, value] : request.headers) {
    if (EqualsIgnoreCase(header_name, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::size_t CountHeaders(const HttpRequest& request, std::string_view name) {
  return static_cast<std::size_t>(
      std::count_if(request.headers.begin(), request.headers.end(),
                    [name](const auto& header) { return EqualsIgnoreCase(header.first, name); }));
}

std::size_t RemoveHeaders(HttpRequest& request, std::string_view name) {
  const std::size_t before = request.headers.size();
  std::erase_if(request.headers,
                [name](const auto& header) { return EqualsIgnoreCase(header.first, name); });
  return before - request.headers.size();
}

}  // namespace kc::sigv4
