#include "mock_kms/model/fixed_test_keys.h"

#include <cstdio>
#include <cstdlib>
#include <map>

#include "harness/common/bytes.h"

namespace kc::mock {
namespace {

#include "mock_kms/model/fixed_test_keys.inc"

struct CompiledKey {
  int bits;
  ByteView der;
};

// The order of FixedTestKeys(): appending keeps every existing index (fuzz corpora rely on it).
const CompiledKey kCompiled[] = {
    {2048, kRsa2048_0}, {2048, kRsa2048_1}, {2048, kRsa2048_2}, {2048, kRsa2048_3},
    {2048, kRsa2048_4}, {2048, kRsa2048_5}, {2048, kRsa2048_6}, {2048, kRsa2048_7},
    {3072, kRsa3072_0}, {3072, kRsa3072_1}, {4096, kRsa4096_0}, {4096, kRsa4096_1},
};

std::vector<crypto::PrivateKey>* Parse() {
  auto* keys = new std::vector<crypto::PrivateKey>();
  keys->reserve(std::size(kCompiled));
  for (const CompiledKey& c : kCompiled) {
    Result<crypto::PrivateKey> key = crypto::PrivateKey::FromPkcs8Der(c.der);
    if (!key.ok() || key->type() != crypto::KeyType::kRsa || key->bits() != c.bits) {
      std::fprintf(stderr, "fixed_test_keys.inc: a compiled RSA-%d key does not parse: %s\n",
                   c.bits, key.ok() ? "wrong size" : key.status().ToString().c_str());
      std::abort();
    }
    keys->push_back(std::move(key).value());
  }
  return keys;
}

}  // namespace

const std::vector<crypto::PrivateKey>& FixedTestKeys() {
  static const std::vector<crypto::PrivateKey>* keys = Parse();  // never freed: used until exit
  return *keys;
}

const std::vector<crypto::PrivateKey>& FixedTestKeys(int bits) {
  static const auto* by_size = [] {
    auto* m = new std::map<int, std::vector<crypto::PrivateKey>>();
    for (const crypto::PrivateKey& k : FixedTestKeys()) (*m)[k.bits()].push_back(k);
    return m;
  }();
  static const auto* none = new std::vector<crypto::PrivateKey>();
  const auto it = by_size->find(bits);
  return it == by_size->end() ? *none : it->second;
}

}  // namespace kc::mock
