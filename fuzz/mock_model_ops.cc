// Fuzz target: the operations of kc::mock::Kms (mock_kms/model/kms.h) in any order and
// with any arguments, against a deterministic model (ManualClock, DeterministicRandom,
// FixedKeySource with two compiled RSA-2048 test keys, FixedTestKeys()). BoringSSL style: one input
// byte picks an operation from a table of lambdas; the operation reads its arguments from the
// following bytes. Claims (aborts on violation):
//  - a key that is not Enabled never encrypts or decrypts (key-state table; "a PendingImport
//    key never encrypts")
//  - a token of key A never imports into key B (ikm.token-bound-to-key), an expired one
//    never imports (ikm.token-expired), and only the same material comes back
//    (ikm.reimport-same-material)
//  - Decrypt returns exactly what was encrypted (ikm.lifecycle)
//  - GetParametersForImport answers the key ARN, an SPKI, a token of at most 6144 bytes and
//    ParametersValidTo = now + 24 h (gpfi.response-shape, gpfi.validity-24h)
//  - Enabled == (KeyState == Enabled); no error is KMSInternalException; every error has a
//    known type and a message
//  - an alias resolves (DescribeKey, Encrypt) to the key it was last pointed at, or to nothing
//    once that key is gone; ListAliases lists exactly the aliases that resolve; the
//    operations that take only a key id or key ARN never accept an alias; a name the rules
//    refuse (no "alias/" prefix, "alias/aws/") never becomes an alias
// Input: byte 0 bit 0: profile 2026; then [op][args...] until the input ends (at most 64
// operations). KC_FUZZ_VERBOSE=1 prints every outcome.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness/common/clock.h"
#include "harness/contract/enums.h"
#include "harness/crypto/keys.h"
#include "harness/crypto/random.h"
#include "harness/crypto/wrap.h"
#include "mock_kms/model/fixed_key_source.h"
#include "mock_kms/model/fixed_test_keys.h"
#include "mock_kms/model/key_id.h"
#include "mock_kms/model/kms.h"

namespace {

using namespace kc;
using namespace kc::mock;
using contract::ErrorType;
using contract::KeyState;
using contract::Profile;
using contract::WrappingAlgorithm;

#define CHECK(cond)                                                                     \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                     \
    }                                                                                   \
  } while (false)

std::vector<crypto::PrivateKey>* g_keys = nullptr;
bool g_verbose = false;  // KC_FUZZ_VERBOSE=1: print every outcome (to check what a seed reaches)

class Reader {
 public:
  Reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool empty() const { return pos_ >= size_; }
  std::uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  std::size_t Index(std::size_t n) { return n == 0 ? 0 : Byte() % n; }
  Bytes Take(std::size_t n) {
    n = std::min(n, size_ - std::min(pos_, size_));
    Bytes out(data_ + pos_, data_ + pos_ + n);
    pos_ += n;
    return out;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

struct Key {
  std::string id;
  std::string arn;
  bool external;
  bool hmac;
  // Label of the material imported last: -1 none yet; -2 unknown (see ImportKeyMaterial).
  int material = -1;
};

struct Params {
  std::size_t key;
  WrappingAlgorithm algorithm;
  EpochSeconds expires;
  codec::GetParametersForImportResponse response;
};

struct Blob {
  std::size_t key;
  Bytes plaintext;
  Bytes ciphertext;
};

struct State {
  Profile profile = Profile::k2022;
  ManualClock clock;
  crypto::DeterministicRandom random{1};
  crypto::DeterministicRandom client_random{2};
  std::unique_ptr<FixedKeySource> keys;
  std::unique_ptr<Kms> kms;
  Caller caller{"111122223333", "us-east-1"};
  std::vector<Key> created;
  std::vector<Params> params;
  std::vector<Blob> blobs;
  std::map<std::string, std::size_t> aliases;  // alias name -> index into created
};

// The alias names the input picks from: two valid, two that the rules refuse.
constexpr const char* kAliasNames[] = {"alias/fuzz", "alias/other", "alias/aws/fuzz", "fuzz"};

bool IsAliasForm(std::string_view key_id) {
  return key_id.starts_with("alias/") || key_id.find(":alias/") != std::string_view::npos;
}

template <typename T>
void CheckError(const Outcome<T>& o) {
  if (g_verbose) {
    std::fprintf(stderr, "  %s %s\n", o.ok() ? "ok" : o.error().type_name.c_str(),
                 o.ok() ? "" : o.error().message.c_str());
  }
  if (o.ok()) return;
  CHECK(o.error().type().has_value());
  CHECK(!o.error().Is(ErrorType::kKMSInternalException));
  CHECK(!o.error().message.empty());
}

std::optional<codec::KeyMetadata> Describe(State& s, const Key& k) {
  auto d = s.kms->DescribeKey(s.caller, {k.id, std::nullopt});
  CheckError(d);
  if (!d.ok()) return std::nullopt;
  const codec::KeyMetadata& m = *d.value().key_metadata;
  CHECK(m.enabled == (m.key_state == KeyState::kEnabled));
  CHECK(m.arn == k.arn);
  return m;
}

bool IsEnabled(State& s, const Key& k) {
  auto m = Describe(s, k);
  return m && m->key_state == KeyState::kEnabled;
}

// KeyIdForm: the key's id in one of the forms the input picks (mostly valid ones).
std::string KeyIdForm(State& s, Reader& in, const Key& k) {
  switch (in.Byte() % 8) {
    case 0:
      return k.arn;
    case 1:
      return "alias/fuzz";
    case 2:
      return "arn:aws:kms:eu-west-1:111122223333:key/" + k.id;
    case 3:
      return "arn:aws:kms:us-east-1:444455556666:key/" + k.id;
    case 4:
      return "not-a-key";
    default:
      (void)s;
      return k.id;
  }
}

WrappingAlgorithm AlgorithmOf(std::uint8_t b) {
  static constexpr WrappingAlgorithm kAll[] = {
      WrappingAlgorithm::kRsaesPkcs1V15, WrappingAlgorithm::kRsaesOaepSha1,
      WrappingAlgorithm::kRsaesOaepSha256, WrappingAlgorithm::kRsaAesKeyWrapSha1,
      WrappingAlgorithm::kRsaAesKeyWrapSha256};
  return kAll[b % 5];
}

crypto::WrapAlgorithm ToCrypto(WrappingAlgorithm a) {
  switch (a) {
    case WrappingAlgorithm::kRsaesPkcs1V15:
      return crypto::WrapAlgorithm::kRsaesPkcs1V15;
    case WrappingAlgorithm::kRsaesOaepSha1:
      return crypto::WrapAlgorithm::kRsaesOaepSha1;
    case WrappingAlgorithm::kRsaAesKeyWrapSha1:
      return crypto::WrapAlgorithm::kRsaAesKeyWrapSha1;
    case WrappingAlgorithm::kRsaAesKeyWrapSha256:
      return crypto::WrapAlgorithm::kRsaAesKeyWrapSha256;
    default:
      return crypto::WrapAlgorithm::kRsaesOaepSha256;
  }
}

Bytes MaterialOf(int label, std::size_t length) {
  Bytes m(length);
  for (std::size_t i = 0; i < length; ++i)
    m[i] = static_cast<std::uint8_t>(static_cast<std::size_t>(label) * 31 + i);
  return m;
}

using Op = std::function<void(State&, Reader&)>;

const std::vector<Op>& Ops() {
  static const auto* ops = new std::vector<Op>{
      // CreateKey
      [](State& s, Reader& in) {
        if (s.created.size() >= 8) return;
        codec::CreateKeyRequest r;
        const std::uint8_t b = in.Byte();
        r.origin = (b & 1) ? contract::Origin::kExternal : contract::Origin::kAwsKms;
        if (b & 2) {
          r.key_spec = contract::KeySpec::kHmac256;
          r.key_usage = contract::KeyUsage::kGenerateVerifyMac;
        }
        auto out = s.kms->CreateKey(s.caller, r);
        CheckError(out);
        if (!out.ok()) return;
        const codec::KeyMetadata& m = *out.value().key_metadata;
        CHECK(m.key_state == ((b & 1) ? KeyState::kPendingImport : KeyState::kEnabled));
        s.created.push_back(Key{m.key_id, *m.arn, (b & 1) != 0, (b & 2) != 0});
      },
      // GetParametersForImport
      [](State& s, Reader& in) {
        if (s.created.empty()) return;
        const std::size_t k = in.Index(s.created.size());
        const WrappingAlgorithm alg = AlgorithmOf(in.Byte());
        codec::GetParametersForImportRequest r;
        r.key_id = KeyIdForm(s, in, s.created[k]);
        r.wrapping_algorithm = alg;
        r.wrapping_key_spec = contract::WrappingKeySpec::kRsa2048;
        auto out = s.kms->GetParametersForImport(s.caller, r);
        CheckError(out);
        CHECK(!(out.ok() && IsAliasForm(r.key_id)));  // "Specify the key ID or key ARN"
        if (!out.ok()) return;
        CHECK(out.value().key_id == s.created[k].arn);
        CHECK(out.value().import_token && !out.value().import_token->empty() &&
              out.value().import_token->size() <= 6144);
        CHECK(crypto::PublicKey::FromSpkiDer(*out.value().public_key).ok());
        CHECK(*out.value().parameters_valid_to == s.clock.Now() + 86400);
        s.params.push_back(Params{k, alg, s.clock.Now() + 86400, out.value()});
      },
      // ImportKeyMaterial with parameters of some key
      [](State& s, Reader& in) {
        if (s.created.empty() || s.params.empty()) return;
        const std::size_t k = in.Index(s.created.size());
        const Params& p = s.params[in.Index(s.params.size())];
        const int label = in.Byte() % 3;
        const std::uint8_t shape = in.Byte();
        const std::size_t length =
            (shape & 7) == 0 ? static_cast<std::size_t>(in.Byte() % 130) + 1 : 32;
        const Bytes material = MaterialOf(label, length);
        auto pub = crypto::PublicKey::FromSpkiDer(*p.response.public_key);
        CHECK(pub.ok());
        WrappingAlgorithm used = p.algorithm;
        if (shape & 8) used = AlgorithmOf(in.Byte());  // perhaps another algorithm
        auto wrapped = crypto::Wrap(ToCrypto(used), *pub, material, s.client_random);
        if (!wrapped.ok()) return;  // too long for the algorithm
        codec::ImportKeyMaterialRequest r;
        r.key_id = KeyIdForm(s, in, s.created[k]);
        r.import_token = *p.response.import_token;
        r.encrypted_key_material = *wrapped;
        if (shape & 16) {
          r.expiration_model = contract::ExpirationModel::kKeyMaterialExpires;
          r.valid_to = s.clock.Now() + 60.0 * (in.Byte() + 1);
        } else {
          r.expiration_model = contract::ExpirationModel::kKeyMaterialDoesNotExpire;
        }
        const EpochSeconds now = s.clock.Now();
        auto out = s.kms->ImportKeyMaterial(s.caller, r);
        CheckError(out);
        CHECK(!(out.ok() && IsAliasForm(r.key_id)));
        if (!out.ok()) return;
        Key& key = s.created[k];
        CHECK(p.key == k);       // ikm.token-bound-to-key
        CHECK(now < p.expires);  // ikm.token-expired
        CHECK(key.external);     // ikm.origin-external-only
        // ikm.algorithm-bound. RSAES-PKCS1-v1_5 is the one exception RSA itself allows: an
        // OAEP blob decrypts under PKCS#1 v1.5 padding (or the reverse) with probability
        // about 2^-16, and then yields some other material, unknown here.
        const bool pkcs1_involved = used == WrappingAlgorithm::kRsaesPkcs1V15 ||
                                    p.algorithm == WrappingAlgorithm::kRsaesPkcs1V15;
        CHECK(used == p.algorithm || pkcs1_involved);
        if (used != p.algorithm) {
          key.material = -2;
          return;
        }
        // ikm.material-length: symmetric keys 32 bytes; HMAC_256 (2026) 32 to 64.
        CHECK(key.hmac ? (s.profile == Profile::k2026 && length >= 32 && length <= 64)
                       : length == 32);
        CHECK(key.material == -2 || key.material < 0 ||
              key.material == label);  // ikm.reimport-same-material
        key.material = label;
        auto m = Describe(s, key);
        CHECK(m && (m->key_state == KeyState::kEnabled || m->key_state == KeyState::kDisabled));
      },
      // ImportKeyMaterial with a token and material from the input
      [](State& s, Reader& in) {
        if (s.created.empty()) return;
        const std::size_t k = in.Index(s.created.size());
        codec::ImportKeyMaterialRequest r;
        r.key_id = s.created[k].id;
        r.import_token = in.Take(in.Byte());
        r.encrypted_key_material = in.Take(in.Byte());
        r.expiration_model = contract::ExpirationModel::kKeyMaterialDoesNotExpire;
        auto out = s.kms->ImportKeyMaterial(s.caller, r);
        CheckError(out);
        CHECK(!out.ok());  // a token from the input never opens
      },
      // DeleteImportedKeyMaterial
      [](State& s, Reader& in) {
        if (s.created.empty()) return;
        const Key& k = s.created[in.Index(s.created.size())];
        codec::DeleteImportedKeyMaterialRequest r;
        r.key_id = KeyIdForm(s, in, k);
        auto out = s.kms->DeleteImportedKeyMaterial(s.caller, r);
        CheckError(out);
        CHECK(!(out.ok() && IsAliasForm(r.key_id)));
        if (!out.ok()) return;
        CHECK(k.external);
        auto m = Describe(s, k);
        CHECK(m && (m->key_state == KeyState::kPendingImport ||
                    m->key_state == KeyState::kPendingDeletion));
        CHECK(!m->expiration_model.has_value());
      },
      // EnableKey / DisableKey
      [](State& s, Reader& in) {
        if (s.created.empty()) return;
        const Key& k = s.created[in.Index(s.created.size())];
        const bool enable = (in.Byte() & 1) != 0;
        const std::string id = KeyIdForm(s, in, k);
        if (enable) {
          auto out = s.kms->EnableKey(s.caller, {id});
          CheckError(out);
          CHECK(!(out.ok() && IsAliasForm(id)));
          if (out.ok()) CHECK(Describe(s, k)->key_state == KeyState::kEnabled);
        } else {
          auto out = s.kms->DisableKey(s.caller, {id});
          CheckError(out);
          CHECK(!(out.ok() && IsAliasForm(id)));
          if (out.ok()) CHECK(Describe(s, k)->key_state == KeyState::kDisabled);
        }
      },
      // ScheduleKeyDeletion / CancelKeyDeletion
      [](State& s, Reader& in) {
        if (s.created.empty()) return;
        const Key& k = s.created[in.Index(s.created.size())];
        const std::uint8_t b = in.Byte();
        const std::string id = KeyIdForm(s, in, k);
        if (b & 1) {
          auto out = s.kms->ScheduleKeyDeletion(s.caller, {id, b >> 2});
          CheckError(out);
          CHECK(!(out.ok() && IsAliasForm(id)));
          if (out.ok()) CHECK(out.value().key_state == KeyState::kPendingDeletion);
        } else {
          auto out = s.kms->CancelKeyDeletion(s.caller, {id});
          CheckError(out);
          CHECK(!(out.ok() && IsAliasForm(id)));
          if (out.ok()) {
            const auto state = Describe(s, k)->key_state;
            CHECK(state == KeyState::kDisabled || state == KeyState::kPendingImport);
          }
        }
      },
      // Encrypt
      [](State& s, Reader& in) {
        if (s.created.empty()) return;
        std::size_t k = in.Index(s.created.size());
        codec::EncryptRequest r;
        r.key_id = KeyIdForm(s, in, s.created[k]);
        r.plaintext = in.Take(in.Byte() % 64 + 1);
        if (IsAliasForm(r.key_id)) {  // Encrypt takes aliases: the alias's key, if any
          const auto a = s.aliases.find(r.key_id);
          if (a == s.aliases.end()) {
            CHECK(!s.kms->Encrypt(s.caller, r).ok());
            return;
          }
          k = a->second;
        }
        const bool enabled = IsEnabled(s, s.created[k]);
        auto out = s.kms->Encrypt(s.caller, r);
        CheckError(out);
        if (!out.ok()) return;
        CHECK(enabled);  // a PendingImport (or Disabled, PendingDeletion) key never encrypts
        CHECK(out.value().key_id == s.created[k].arn);
        s.blobs.push_back(Blob{k, r.plaintext, *out.value().ciphertext_blob});
      },
      // Decrypt, perhaps of a modified blob
      [](State& s, Reader& in) {
        if (s.blobs.empty()) return;
        const Blob& b = s.blobs[in.Index(s.blobs.size())];
        codec::DecryptRequest r;
        r.ciphertext_blob = b.ciphertext;
        const std::uint8_t mode = in.Byte();
        if (mode & 1) {
          const std::size_t at = in.Index(b.ciphertext.size());
          (*r.ciphertext_blob)[at] ^= static_cast<std::uint8_t>(in.Byte() | 1);
        }
        if (mode & 2) r.key_id = s.created[in.Index(s.created.size())].id;
        const bool enabled = IsEnabled(s, s.created[b.key]);
        auto out = s.kms->Decrypt(s.caller, r);
        CheckError(out);
        if (!out.ok()) return;
        CHECK(enabled);
        CHECK(*out.value().plaintext == b.plaintext);
        CHECK(out.value().key_id == s.created[b.key].arn);
      },
      // Advance the clock
      [](State& s, Reader& in) {
        static constexpr double kSteps[] = {1, 59, 3600, 86399, 86400, 86401, 8 * 86400};
        s.clock.Advance(kSteps[in.Byte() % 7]);
      },
      // DescribeKey of every key; ListKeys
      [](State& s, Reader& in) {
        for (const Key& k : s.created) (void)Describe(s, k);
        codec::ListKeysRequest r;
        r.limit = in.Byte() % 10 + 1;
        auto out = s.kms->ListKeys(s.caller, r);
        CheckError(out);
        CHECK(out.ok());
        if (*out.value().truncated) {
          r.marker = *out.value().next_marker;
          auto next = s.kms->ListKeys(s.caller, r);
          CHECK(next.ok());
        }
      },
      // CreateAlias / UpdateAlias / DeleteAlias
      [](State& s, Reader& in) {
        if (s.created.empty()) return;
        const std::uint8_t b = in.Byte();
        const std::string name = kAliasNames[b % 4];
        const bool valid_name = (b % 4) < 2;
        const std::size_t k = in.Index(s.created.size());
        const std::string target = (b & 4) ? s.created[k].arn : s.created[k].id;
        const auto before = s.aliases.find(name);
        const bool existed = before != s.aliases.end() && Describe(s, s.created[before->second]);
        switch ((b >> 3) % 3) {
          case 0: {
            auto out = s.kms->CreateAlias(s.caller, {name, target});
            CheckError(out);
            if (!out.ok()) return;
            CHECK(valid_name && !existed);  // AlreadyExistsException otherwise
            s.aliases[name] = k;
            break;
          }
          case 1: {
            auto out = s.kms->UpdateAlias(s.caller, {name, target});
            CheckError(out);
            if (!out.ok()) return;
            CHECK(valid_name && existed);  // "Associates an existing KMS alias"
            CHECK(s.created[before->second].hmac == s.created[k].hmac);  // same key type
            s.aliases[name] = k;
            break;
          }
          default: {
            auto out = s.kms->DeleteAlias(s.caller, {name});
            CheckError(out);
            if (!out.ok()) return;
            CHECK(valid_name && existed);
            s.aliases.erase(name);
            break;
          }
        }
      },
      // Every alias name through DescribeKey and ListAliases
      [](State& s, Reader& in) {
        std::map<std::string, std::string> resolving;  // name -> key id
        for (const char* name : kAliasNames) {
          auto d = s.kms->DescribeKey(s.caller, {name, std::nullopt});
          CheckError(d);
          const auto a = s.aliases.find(name);
          if (!d.ok()) {
            // Not found: never an alias, or its key is gone.
            CHECK(a == s.aliases.end() || !Describe(s, s.created[a->second]));
            continue;
          }
          CHECK(a != s.aliases.end());
          CHECK(d.value().key_metadata->key_id == s.created[a->second].id);
          resolving[name] = s.created[a->second].id;
        }
        codec::ListAliasesRequest r;
        r.limit = in.Byte() % 3 + 1;
        std::map<std::string, std::string> listed;
        for (int page = 0; page < 8; ++page) {
          auto out = s.kms->ListAliases(s.caller, r);
          CheckError(out);
          CHECK(out.ok());
          for (const auto& e : *out.value().aliases) listed[*e.alias_name] = *e.target_key_id;
          if (!*out.value().truncated) break;
          r.marker = *out.value().next_marker;
        }
        CHECK(listed == resolving);
      },
  };
  return *ops;
}

std::vector<crypto::PrivateKey>* FuzzKeys() {
  return new std::vector<crypto::PrivateKey>{FixedTestKeys(2048)[0], FixedTestKeys(2048)[1]};
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  g_keys = FuzzKeys();
  g_verbose = std::getenv("KC_FUZZ_VERBOSE") != nullptr;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (g_keys == nullptr) g_keys = FuzzKeys();
  Reader in(data, size);
  State s;
  s.profile = (in.Byte() & 1) ? Profile::k2026 : Profile::k2022;
  s.keys = std::make_unique<FixedKeySource>(*g_keys);
  KmsOptions options;
  options.profile = s.profile;
  auto kms = Kms::Create(options, s.clock, s.random, *s.keys);
  CHECK(kms.ok());
  s.kms = std::move(kms).value();
  for (int steps = 0; !in.empty() && steps < 64; ++steps) {
    const std::uint8_t op = in.Byte();
    if (g_verbose) std::fprintf(stderr, "op %zu\n", op % Ops().size());
    Ops()[op % Ops().size()](s, in);
  }
  return 0;
}
