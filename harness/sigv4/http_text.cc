#include "harness/sigv4/http_text.h"

namespace kc::sigv4 {
namespace {

// Splits off the next line of `text` at `pos` (without its LF or a CR before it) and moves
// `pos` past the LF. `*ended` is set when the line had no LF (the text's last line).
std::string_view NextLine(std::string_view text, std::size_t& pos, bool* ended) {
  const std::size_t lf = text.find('\n', pos);
  std::string_view line;
  if (lf == std::string_view::npos) {
    line = text.substr(pos);
    pos = text.size();
    *ended = true;
  } else {
    line = text.substr(pos, lf - pos);
    pos = lf + 1;
    *ended = false;
  }
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

Status ParseRequestLine(std::string_view line, HttpRequest& request) {
  const std::size_t first_space = line.find(' ');
  const std::size_t last_space = line.rfind(' ');
  if (first_space == std::string_view::npos || first_space == 0 || last_space == first_space ||
      line.substr(last_space + 1).rfind("HTTP/", 0) != 0) {
    return InvalidArgumentError("http text: malformed request line '" + std::string(line) + "'");
  }
  request.method = std::string(line.substr(0, first_space));
  const std::string_view target = line.substr(first_space + 1, last_space - first_space - 1);
  const std::size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
  if (request.path.empty() && request.query.empty()) {
    return InvalidArgumentError("http text: empty request target");
  }
  return Status::Ok();
}

}  // namespace

Result<HttpRequest> ParseHttpRequestText(std::string_view text) {
  HttpRequest request;
  std::size_t pos = 0;
  bool ended = false;
  KC_RETURN_IF_ERROR(ParseRequestLine(NextLine(text, pos, &ended), request));
  while (!ended) {
    const std::string_view line = NextLine(text, pos, &ended);
    if (line.empty()) {
      if (!ended) request.body = std::string(text.substr(pos));
      break;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      if (request.headers.empty()) {
        return InvalidArgumentError("http text: continuation line before any header");
      }
      request.headers.back().second.append("\n").append(line);
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return InvalidArgumentError("http text: malformed header line '" + std::string(line) + "'");
    }
    request.headers.emplace_back(std::string(line.substr(0, colon)),
                                 std::string(line.substr(colon + 1)));
  }
  return request;
}

std::string SerializeHttpRequest(const HttpRequest& request) {
  std::string out;
  out.append(request.method).append(" ").append(request.path);
  if (!request.query.empty()) out.append("?").append(request.query);
  out.append(" HTTP/1.1\n");
  for (const auto& [name, value] : request.headers)
    out.append(name).append(":").append(value).append("\n");
  out.append("\n").append(request.body);
  return out;
}

}  // namespace kc::sigv4
