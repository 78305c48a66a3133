#include "harness/scenarios/material_keys.h"

#include <cstdio>
#include <cstdlib>
#include <map>

namespace kc::scenarios {
namespace {

// TEST KEYS, NOT SECRETS (see material_keys.README.md).
#include "harness/scenarios/material_keys.inc"

using contract::KeySpec;

struct Compiled {
  KeySpec spec;
  ByteView der;
  crypto::KeyType type;
  int bits;                // RSA modulus bits; 0 for EC
  crypto::EcCurve curve;   // kNone for RSA
  const char* genpkey;     // openssl genpkey arguments
};

const Compiled kCompiled[] = {
    {KeySpec::kRsa2048, kRsa2048, crypto::KeyType::kRsa, 2048, crypto::EcCurve::kNone,
     "-algorithm RSA -pkeyopt rsa_keygen_bits:2048"},
    {KeySpec::kRsa3072, kRsa3072, crypto::KeyType::kRsa, 3072, crypto::EcCurve::kNone,
     "-algorithm RSA -pkeyopt rsa_keygen_bits:3072"},
    {KeySpec::kRsa4096, kRsa4096, crypto::KeyType::kRsa, 4096, crypto::EcCurve::kNone,
     "-algorithm RSA -pkeyopt rsa_keygen_bits:4096"},
    {KeySpec::kEccNistP256, kEcP256, crypto::KeyType::kEc, 0, crypto::EcCurve::kP256,
     "-algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve"},
    {KeySpec::kEccNistP384, kEcP384, crypto::KeyType::kEc, 0, crypto::EcCurve::kP384,
     "-algorithm EC -pkeyopt ec_paramgen_curve:P-384 -pkeyopt ec_param_enc:named_curve"},
    {KeySpec::kEccNistP521, kEcP521, crypto::KeyType::kEc, 0, crypto::EcCurve::kP521,
     "-algorithm EC -pkeyopt ec_paramgen_curve:P-521 -pkeyopt ec_param_enc:named_curve"},
    {KeySpec::kEccSecgP256k1, kEcSecp256k1, crypto::KeyType::kEc, 0, crypto::EcCurve::kSecp256k1,
     "-algorithm EC -pkeyopt ec_paramgen_curve:secp256k1 -pkeyopt ec_param_enc:named_curve"},
};

const Compiled* Find(KeySpec spec) {
  for (const Compiled& c : kCompiled) {
    if (c.spec == spec) return &c;
  }
  return nullptr;
}

const Compiled& Must(KeySpec spec) {
  const Compiled* c = Find(spec);
  if (c == nullptr) {
    std::fprintf(stderr, "material_keys: no fixed key of spec %s\n",
                 std::string(contract::ToWire(spec)).c_str());
    std::abort();
  }
  return *c;
}

struct Parsed {
  std::map<KeySpec, crypto::PrivateKey> keys;
  std::map<KeySpec, Bytes> der;
};

const Parsed& All() {
  static const Parsed* parsed = [] {
    auto* p = new Parsed();  // never freed: used until exit
    for (const Compiled& c : kCompiled) {
      Result<crypto::PrivateKey> key = crypto::PrivateKey::FromPkcs8Der(c.der);
      const bool right = key.ok() && key->type() == c.type &&
                         (c.type == crypto::KeyType::kRsa ? key->bits() == c.bits
                                                          : key->curve() == c.curve);
      if (!right) {
        std::fprintf(stderr, "material_keys.inc: the compiled %s key does not parse: %s\n",
                     std::string(contract::ToWire(c.spec)).c_str(),
                     key.ok() ? "wrong type or size" : key.status().ToString().c_str());
        std::abort();
      }
      p->keys.emplace(c.spec, std::move(key).value());
      p->der.emplace(c.spec, Bytes(c.der.begin(), c.der.end()));
    }
    return p;
  }();
  return *parsed;
}

}  // namespace

bool HasMaterialKey(KeySpec spec) { return Find(spec) != nullptr; }

const crypto::PrivateKey& MaterialKey(KeySpec spec) {
  Must(spec);
  return All().keys.at(spec);
}

const Bytes& MaterialKeyDer(KeySpec spec) {
  Must(spec);
  return All().der.at(spec);
}

std::vector<std::string> MaterialCommands(KeySpec spec, std::string_view out) {
  const Compiled& c = Must(spec);
  const std::string o(out);
  return {"openssl genpkey " + std::string(c.genpkey) + " -outform DER -out \"" + o + ".raw\"",
          "openssl pkcs8 -topk8 -nocrypt -inform DER -outform DER -in \"" + o + ".raw\" -out \"" +
              o + "\""};
}

}  // namespace kc::scenarios
