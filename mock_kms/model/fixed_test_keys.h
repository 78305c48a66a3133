// FixedTestKeys: RSA private keys compiled into the binary (fixed_test_keys.inc): eight
// RSA-2048, two RSA-3072 and two RSA-4096. TEST KEYS, NOT SECRETS: their private halves are
// in the source, so never wrap real material for them.
//
// They let fuzz targets run without generating keys or reading files (a run is then a pure
// function of its input) and fill the ring of `mock-kms --test-hooks --fixed-wrapping-keys N`
// (FixedKeySource::Ring) without generation when no --key-cache is given.
#ifndef KC_MOCK_KMS_MODEL_FIXED_TEST_KEYS_H_
#define KC_MOCK_KMS_MODEL_FIXED_TEST_KEYS_H_

#include <vector>

#include "harness/crypto/keys.h"

namespace kc::mock {

// FixedTestKeys: every compiled test key, the 2048-bit ones first, then 3072, then 4096,
// each size in a fixed order. Parsed once, on first use (thread-safe); aborts if the
// compiled bytes do not parse (a broken build, never an input).
const std::vector<crypto::PrivateKey>& FixedTestKeys();

// FixedTestKeys(bits): the compiled test keys of one size, in the same order; empty for a
// size there is none of.
const std::vector<crypto::PrivateKey>& FixedTestKeys(int bits);

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_MODEL_FIXED_TEST_KEYS_H_
