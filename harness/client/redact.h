// Redaction: secrets never appear in a report or a log (DESIGN.md, "Report"). Every
// exchange the client records goes through here before it becomes report::Evidence:
//  - Authorization: the signature is cut ("Signature=<redacted>"); Credential= and
//    SignedHeaders= stay, they are what a reader needs to see how the request was signed.
//  - X-Amz-Security-Token (request), Cookie / Proxy-Authorization (request) and
//    Authorization / Set-Cookie (response): the value is "<redacted>".
//  - JSON bodies: the value of any member whose name holds "plaintext" or "secret" (any
//    case: Plaintext, PrivateKeyPlaintext, SecretAccessKey), "sessiontoken", or
//    "privatekey" (unless it is a ciphertext) becomes "<redacted>", whatever its type. The
//    scan is lexical, so a truncated or malformed body is redacted as far as it goes, and the
//    rest of the bytes stay exactly as they were.
//  - Everywhere (headers, bodies, paths, errors, JSON or not): "Signature=<hex>" and
//    "X-Amz-Signature=<hex>" lose the hex; PEM private key blocks are cut; and each literal
//    secret the client knows (the secret access key, the session token, the request's own
//    signature, the plaintext of an Encrypt, raw and in base64) is replaced wherever it
//    occurs, so an emulator that echoes one back cannot leak it either.
// Pure functions.
#ifndef KC_CLIENT_REDACT_H_
#define KC_CLIENT_REDACT_H_

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/report/report.h"

namespace kc::client {

inline constexpr std::string_view kRedacted = "<redacted>";
// Literal secrets shorter than this are not scrubbed as text: "test" (the default secret of
// emulators) would otherwise erase ordinary words from every report. Real AWS secret keys
// are 40 characters.
inline constexpr std::size_t kMinLiteralSecret = 8;

// IsSecretMemberName: whether a JSON member of this name carries a secret (see above).
bool IsSecretMemberName(std::string_view name);

// RedactJsonMembers: `body` with the value of every secret member replaced by "<redacted>"
// (a JSON string); everything else byte for byte. Works on any bytes.
std::string RedactJsonMembers(std::string_view body);

// RedactSignatureParams: every "Signature=" (any case, so X-Amz-Signature= too) followed by
// hex digits becomes "Signature=<redacted>".
std::string RedactSignatureParams(std::string_view text);

// RedactAuthorization: an Authorization value with whatever follows "Signature=" (up to a
// ',', whitespace or the end) replaced, also when it is not hex.
std::string RedactAuthorization(std::string_view value);

// RedactPrivateKeys: every PEM block whose label ends in "PRIVATE KEY" replaced by
// "-----BEGIN <label>-----<redacted>-----END <label>-----" (an unterminated one up to the end).
std::string RedactPrivateKeys(std::string_view text);

// ScrubLiterals: every occurrence of each secret (kMinLiteralSecret bytes or longer) in
// `text` replaced by "<redacted>", longest secret first.
std::string ScrubLiterals(std::string_view text, std::span<const std::string> secrets);

// RedactText: RedactSignatureParams, RedactPrivateKeys and ScrubLiterals: for paths, step
// labels, transport error messages, header values.
std::string RedactText(std::string_view text, std::span<const std::string> secrets);

// RedactBody: RedactJsonMembers then RedactText, then report::BodyForReport.
std::string RedactBody(std::string_view raw, std::span<const std::string> secrets);

// RedactRequestHeaders / RedactResponseHeaders: the rules above for headers, RedactText on
// every value.
report::Headers RedactRequestHeaders(const report::Headers& headers,
                                     std::span<const std::string> secrets);
report::Headers RedactResponseHeaders(const report::Headers& headers,
                                      std::span<const std::string> secrets);

// SecretForms: `secret` and its base64 (what a JSON body carries), for ScrubLiterals.
std::vector<std::string> SecretForms(std::string_view secret);

}  // namespace kc::client

#endif  // KC_CLIENT_REDACT_H_
