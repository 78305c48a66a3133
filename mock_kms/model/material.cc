#include "mock_kms/model/material.h"

#include <openssl/crypto.h>

#include "harness/contract/profile.h"
#include "harness/crypto/keys.h"

namespace kc::mock {
namespace {

using contract::KeySpec;

crypto::EcCurve CurveOf(KeySpec spec) {
  switch (spec) {
    case KeySpec::kEccNistP256:
      return crypto::EcCurve::kP256;
    case KeySpec::kEccNistP384:
      return crypto::EcCurve::kP384;
    case KeySpec::kEccNistP521:
      return crypto::EcCurve::kP521;
    case KeySpec::kEccSecgP256k1:
      return crypto::EcCurve::kSecp256k1;
    default:
      return crypto::EcCurve::kNone;
  }
}

int CurveBits(crypto::EcCurve curve) {
  switch (curve) {
    case crypto::EcCurve::kP256:
    case crypto::EcCurve::kSecp256k1:
      return 256;
    case crypto::EcCurve::kP384:
      return 384;
    case crypto::EcCurve::kP521:
      return 521;
    case crypto::EcCurve::kNone:
      break;
  }
  return 0;
}

std::string SpecName(KeySpec spec) { return std::string(contract::ToWire(spec)); }

}  // namespace

std::optional<std::string> MaterialProblem(contract::Profile p, KeySpec spec, ByteView material,
                                           bool check_length, bool ec_by_field_size,
                                           bool rsa_any_size) {
  if (p == contract::Profile::k2022 || spec == KeySpec::kSymmetricDefault) {
    // ikm.material-length: "The key material must be 256 bits" (2022 import guide).
    if (check_length && material.size() != 32) {
      return "The key material must be 256 bits (32 bytes); the imported material is " +
             std::to_string(material.size()) + " bytes.";
    }
    return std::nullopt;
  }
  if (const auto range = contract::MaterialLengthRange(spec)) {
    if (check_length && (material.size() < range->min || material.size() > range->max)) {
      return "The key material of a " + SpecName(spec) + " key must be " +
             std::to_string(range->min) + " to " + std::to_string(range->max) +
             " bytes; the imported material is " + std::to_string(material.size()) + " bytes.";
    }
    return std::nullopt;
  }
  // RSA and ECC keys: "a PKCS#8 DER private key of the key's spec" (CONTRACT.md, 2026).
  const std::string wanted = "The key material of a " + SpecName(spec) +
                             " key must be a DER-encoded PKCS#8 private key of that key spec.";
  const int rsa_bits = contract::RsaBits(spec);
  const crypto::EcCurve curve = CurveOf(spec);
  if (rsa_bits == 0 && curve == crypto::EcCurve::kNone) return wanted;  // SM2, ML-DSA, ...
  Result<crypto::PrivateKey> key = crypto::PrivateKey::FromPkcs8Der(material);
  if (!key.ok()) return wanted;
  // Fault ikm.material-format:2: any RSA modulus size passes (only the key type is checked).
  if (rsa_bits != 0 && (key->type() != crypto::KeyType::kRsa ||
                        (key->bits() != rsa_bits && !rsa_any_size))) {
    return wanted;
  }
  if (curve != crypto::EcCurve::kNone) {
    if (key->type() != crypto::KeyType::kEc) return wanted;
    // Fault ikm.material-format: the curve is known by its size only (secp256k1 and P-256
    // are both 256-bit curves).
    const bool same = ec_by_field_size ? key->bits() == CurveBits(curve) : key->curve() == curve;
    if (!same) return wanted;
  }
  return std::nullopt;
}

crypto::Digest256 MaterialIdKey(ByteView secret) {
  return crypto::HmacSha256(secret, AsBytes("kmsconform mock key material id v1"));
}

crypto::Digest256 MaterialId(ByteView id_key, std::string_view key_id, ByteView material) {
  Bytes msg;
  msg.reserve(key_id.size() + 1 + material.size());
  msg.insert(msg.end(), key_id.begin(), key_id.end());
  msg.push_back(0);
  msg.insert(msg.end(), material.begin(), material.end());
  const crypto::Digest256 id = crypto::HmacSha256(id_key, msg);
  OPENSSL_cleanse(msg.data(), msg.size());
  return id;
}

crypto::Digest256 DataKey(ByteView material) {
  crypto::Digest256 k{};
  if (material.size() == k.size()) {
    std::copy(material.begin(), material.end(), k.begin());
    return k;
  }
  return crypto::Sha256(material);
}

}  // namespace kc::mock
