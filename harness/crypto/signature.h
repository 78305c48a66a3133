// Message digests, HMAC and signatures of the KMS signing and MAC operations (AWS's
// SigningAlgorithmSpec and MacAlgorithmSpec values): SHA-224/256/384/512, HMAC over them,
// RSASSA-PKCS1-v1_5 and RSASSA-PSS (MGF1 over the same hash, salt as long as the hash), and
// ECDSA (DER-encoded signatures, as AWS returns them).
//
// The mock signs and verifies with these; the harness and the tests check a target's
// signatures and MACs with them. Success and failure are values: a signature that does not
// verify is `false`, never an error.
#ifndef KC_CRYPTO_SIGNATURE_H_
#define KC_CRYPTO_SIGNATURE_H_

#include <cstddef>

#include "harness/common/bytes.h"
#include "harness/common/status.h"
#include "harness/crypto/keys.h"

namespace kc::crypto {

enum class DigestAlg { kSha224, kSha256, kSha384, kSha512 };

// DigestSize: 28, 32, 48 or 64.
std::size_t DigestSize(DigestAlg alg);

// Digest: the hash of data.
Bytes Digest(DigestAlg alg, ByteView data);

// Hmac: HMAC(key, data) over alg (RFC 2104). Internal when OpenSSL fails.
Result<Bytes> Hmac(DigestAlg alg, ByteView key, ByteView data);

enum class SignatureScheme { kRsaPkcs1V15, kRsaPss, kEcdsa };

// SignDigest: the signature of a message digest (DigestSize(hash) bytes) under key.
// InvalidArgument when the digest has another length or the scheme does not fit the key
// (RSA schemes need an RSA key, ECDSA an EC key); Internal when OpenSSL fails.
Result<Bytes> SignDigest(const PrivateKey& key, SignatureScheme scheme, DigestAlg hash,
                         ByteView digest);

// VerifyDigest: whether `signature` is a valid signature of `digest` under key. false for
// any failure (a malformed signature, another key, a digest of the wrong length).
bool VerifyDigest(const PublicKey& key, SignatureScheme scheme, DigestAlg hash, ByteView digest,
                  ByteView signature);

}  // namespace kc::crypto

#endif  // KC_CRYPTO_SIGNATURE_H_
