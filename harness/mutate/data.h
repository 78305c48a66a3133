// The data kmsconform fuzz draws values and seeds from, compiled in at build time
// (cmake/embed_fuzz_data.cmake), so that an installed kmsconform needs no source tree.
#ifndef KC_MUTATE_DATA_H_
#define KC_MUTATE_DATA_H_

#include <string_view>
#include <vector>

namespace kc::mutate {

// EmbeddedDictionary: fuzz/codec.dict as it is (parse it with ParseDictionary).
std::string_view EmbeddedDictionary();
// EmbeddedSeeds: the corpus/codec_request files whose body is a JSON object: a selector byte
// (the operation: its value mod 16, in contract order) then the body.
std::vector<std::string_view> EmbeddedSeeds();

}  // namespace kc::mutate

#endif  // KC_MUTATE_DATA_H_
