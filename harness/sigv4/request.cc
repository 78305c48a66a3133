#include "harness/sigv4/request.h"

#include <algorithm>

#include "harness/sigv4/ascii.h"

namespace kc::sigv4 {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  // Branch-free over the bytes (names are short): one compare at the end, not one per byte.
  unsigned diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned>(ascii::kLower[static_cast<unsigned char>(a[i])] ^
                                  ascii::kLower[static_cast<unsigned char>(b[i])]);
  }
  return diff == 0;
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
