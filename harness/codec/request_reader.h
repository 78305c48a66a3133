// ReadRequestBody: the strict, server-side half of DecodeRequest that does not depend on
// the request's C++ type: parse the body, check every member the profile's model has
// against its shape, and either hand back the document (then the typed fill cannot fail)
// or the exact AWS error.
#ifndef KC_CODEC_REQUEST_READER_H_
#define KC_CODEC_REQUEST_READER_H_

#include <string_view>

#include "harness/codec/codec.h"
#include "harness/codec/strict_json.h"
#include "harness/contract/model.h"

namespace kc::codec {

// ReadRequestBody: on success, the parsed body (it borrows body: keep body alive while using
// it; its root is a JSON object whose members of the
// model have the right JSON types, valid base64 and satisfy every constraint). On failure:
//  - SerializationException: malformed JSON, a top-level value that is not an object, a
//    duplicate key, a member of the wrong JSON type, an integer outside int32, a blob that
//    is not strict base64 (proto.malformed-json);
//  - ValidationException: every constraint violation, in model member order, in the service
//    framework's words ("2 validation errors detected: ...; ...").
// An empty body means "{}". Members the model does not have are ignored.
Decoded<strict::Document> ReadRequestBody(std::string_view body,
                                          const contract::ShapeSpec& input, Profile p);

}  // namespace kc::codec

#endif  // KC_CODEC_REQUEST_READER_H_
