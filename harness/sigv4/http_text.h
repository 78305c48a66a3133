// HTTP/1.1 request text <-> HttpRequest, in the SigV4 test suite's format (request.txt,
// header-signed-request.txt): request line, "Name:value" header lines, a blank line, the
// body. Used by the suite's tests, transcripts and fuzz targets. Pure and total.
#ifndef KC_SIGV4_HTTP_TEXT_H_
#define KC_SIGV4_HTTP_TEXT_H_

#include <string>
#include <string_view>

#include "harness/common/status.h"
#include "harness/sigv4/request.h"

namespace kc::sigv4 {

// ParseHttpRequestText: the request spelled by `text`. Lines end in LF (a CR before it is
// dropped). The request line is "METHOD SP target SP HTTP/<version>"; the target runs from
// the first space to the last one, so it may contain spaces (get-space-*), and splits at its
// first '?' into path and query. A header line is "Name:value", the value kept verbatim
// after the ':'; a line starting with SP or HT continues the previous value and is kept with
// its "\n" (obs-fold, get-header-value-multiline). The body is everything after the first
// empty line (none: empty body). Fails (InvalidArgument) on an empty or malformed request
// line, a header line without ':' or with an empty name, or a continuation with no header.
Result<HttpRequest> ParseHttpRequestText(std::string_view text);

// SerializeHttpRequest: "METHOD path[?query] HTTP/1.1\n", "Name:value\n" per header, "\n",
// then the body: the inverse of ParseHttpRequestText for the requests it returns (an empty
// query loses its '?').
std::string SerializeHttpRequest(const HttpRequest& request);

}  // namespace kc::sigv4

#endif  // KC_SIGV4_HTTP_TEXT_H_
