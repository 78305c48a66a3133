// Text helpers shared by the report writers: UTF-8 checks, escaping for XML, HTML and
// Markdown, body truncation, and the plain-text rendering of one HTTP exchange. Pure and
// total: any byte string in, well-formed text out (a target can put anything in a body, a
// header or an error message, and all of it reaches a report).
#ifndef KC_REPORT_TEXT_H_
#define KC_REPORT_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "harness/report/report.h"

namespace kc::report {

// EqualsIgnoreCase: a and b equal up to ASCII case (header names).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// IsUtf8: true when `s` is well-formed UTF-8 (no overlong forms, no surrogates, nothing
// above U+10FFFF).
bool IsUtf8(std::string_view s);

// SanitizeUtf8: `s` with every ill-formed sequence replaced by U+FFFD.
std::string SanitizeUtf8(std::string_view s);

// XmlEscape: `s` as XML 1.0 character data (attribute = false) or as a double-quoted
// attribute value (attribute = true): ill-formed UTF-8 becomes U+FFFD, characters XML 1.0
// forbids (C0 controls other than TAB, LF, CR; U+FFFE, U+FFFF) are dropped, & < > " ' are
// escaped, and in attributes TAB, LF and CR become character references so they survive
// attribute-value normalisation.
std::string XmlEscape(std::string_view s, bool attribute);

// HtmlEscape: `s` as HTML text or attribute value: & < > " ' escaped, ill-formed UTF-8 and
// control characters other than TAB, LF, CR replaced by U+FFFD.
std::string HtmlEscape(std::string_view s);

// MarkdownInline: `s` as one line of Markdown text (a table cell, a list item): line breaks
// become spaces, ASCII punctuation that Markdown or inline HTML could read is
// backslash-escaped, control characters are replaced by U+FFFD.
std::string MarkdownInline(std::string_view s);

// MarkdownFence: `content` in a fenced code block whose fence is longer than any run of
// backticks inside it (so no content can close the block), with `info` ("sh", "http").
std::string MarkdownFence(std::string_view content, std::string_view info);

// TruncateBody: at most `max_bytes` of `body` (cut at a UTF-8 boundary), followed by a note
// "… [truncated: N more bytes; the whole body is in report.json]" when anything was cut.
std::string TruncateBody(std::string_view body, std::size_t max_bytes);

// ExchangeText: one exchange as an HTTP transcript, request then response (or the transport
// error), bodies truncated to `max_body_bytes`. Plain text: callers escape it.
std::string RequestText(const Evidence& e, std::size_t max_body_bytes);
std::string ResponseText(const Evidence& e, std::size_t max_body_bytes);

// FormatSeconds: a duration with at most 3 decimals, no trailing zeros ("1.7", "0.003", "2").
std::string FormatSeconds(double seconds);

}  // namespace kc::report

#endif  // KC_REPORT_TEXT_H_
