// ReadReplyBody: the lenient, client-side half of DecodeResponse that does not depend on the
// response's C++ type: checks the headers of a 2xx reply, parses its body and walks it along
// the model's output shape, turning every departure from the contract into a Finding.
#ifndef KC_CODEC_REPLY_READER_H_
#define KC_CODEC_REPLY_READER_H_

#include <optional>
#include <vector>

#include "harness/codec/codec.h"
#include "harness/codec/json_access.h"
#include "harness/contract/model.h"

namespace kc::codec {

// IsSuccessStatus: 2xx.
inline bool IsSuccessStatus(int status) { return status >= 200 && status < 300; }

// ReadReplyBody: the parsed body of a 2xx reply (empty = {}), or nullopt when it is not a
// JSON object (undecodable). Findings for: a 2xx other than 200, a missing x-amzn-RequestId,
// a Content-Type other than application/x-amz-json-1.1, a body that is not a JSON object,
// and, along output (nullptr = no members), every member of the wrong JSON
// type, every constraint the model's output shape sets and the value breaks, timestamps
// sent as strings, blobs that are not strict base64, unknown enum values. Never fails.
std::optional<json::Document> ReadReplyBody(const HttpReplyView& reply,
                                            const contract::ShapeSpec* output, Profile p,
                                            std::vector<Finding>& findings);

// CheckReplyHeaders: the findings of proto.error-shape about headers (Content-Type and
// x-amzn-RequestId), for success and error replies alike.
void CheckReplyHeaders(const HttpReplyView& reply, std::vector<Finding>& findings);

}  // namespace kc::codec

#endif  // KC_CODEC_REPLY_READER_H_
