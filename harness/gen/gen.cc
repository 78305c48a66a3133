#include "harness/gen/gen.h"

#include <array>

#include "harness/contract/profile.h"

namespace kc::gen {
namespace {

using model::Command;
using model::Expiry;
using model::KeyForm;
using model::Op;
using model::TokenChange;
using contract::KeySpec;
using contract::Origin;
using WA = contract::WrappingAlgorithm;
using WKS = contract::WrappingKeySpec;

template <typename T, std::size_t N>
T Weighted(Rng& rng, const std::array<std::pair<T, std::uint32_t>, N>& table) {
  std::uint32_t total = 0;
  for (const auto& [v, w] : table) total += w;
  std::uint32_t pick = rng.Uniform(total);
  for (const auto& [v, w] : table) {
    if (pick < w) return v;
    pick -= w;
  }
  return table[0].first;
}

// Recent: an index biased to the newest of n objects.
std::uint32_t Recent(Rng& rng, std::uint32_t n) {
  if (n == 0) return rng.Uniform(4);
  return rng.Chance(70) ? n - 1 : rng.Uniform(n);
}

KeyForm Form(Rng& rng, std::uint32_t alias_percent, std::uint32_t foreign_percent) {
  const std::uint32_t r = rng.Uniform(100);
  if (r < alias_percent) return rng.Chance(50) ? KeyForm::kAliasName : KeyForm::kAliasArn;
  if (r < alias_percent + foreign_percent) return KeyForm::kForeignArn;
  return r < 75 ? KeyForm::kId : KeyForm::kArn;
}

WA ProfileAlgorithm(Rng& rng, contract::Profile p) {
  static constexpr WA k2022[] = {WA::kRsaesOaepSha256, WA::kRsaesOaepSha1, WA::kRsaesPkcs1V15};
  static constexpr WA k2026[] = {WA::kRsaesOaepSha256, WA::kRsaesOaepSha1,
                                 WA::kRsaAesKeyWrapSha256, WA::kRsaAesKeyWrapSha1};
  if (p == contract::Profile::k2022) return k2022[rng.Uniform(3)];
  return k2026[rng.Uniform(4)];
}

}  // namespace

std::uint64_t Rng::Next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

Command RandomCommand(Rng& rng, const SequenceOptions& o, std::uint32_t keys,
                      std::uint32_t params) {
  static constexpr std::array<std::pair<Op, std::uint32_t>, 12> kOps = {{
      {Op::kCreateKey, 12}, {Op::kGetParameters, 20}, {Op::kImport, 28},
      {Op::kDeleteMaterial, 6}, {Op::kEnable, 4}, {Op::kDisable, 5},
      {Op::kScheduleDeletion, 3}, {Op::kCancelDeletion, 4}, {Op::kCreateAlias, 5},
      {Op::kEncrypt, 7}, {Op::kDecrypt, 5}, {Op::kAdvanceClock, 5},
  }};
  // Profile 2026 adds RotateKeyOnDemand, ListKeyRotations and rounds of import and
  // rotation (a table of its own: 2022's draws stay the same).
  static constexpr std::array<std::pair<Op, std::uint32_t>, 15> kOps2026 = {{
      {Op::kCreateKey, 12}, {Op::kGetParameters, 20}, {Op::kImport, 28},
      {Op::kDeleteMaterial, 6}, {Op::kEnable, 4}, {Op::kDisable, 5},
      {Op::kScheduleDeletion, 3}, {Op::kCancelDeletion, 4}, {Op::kCreateAlias, 5},
      {Op::kEncrypt, 7}, {Op::kDecrypt, 5}, {Op::kAdvanceClock, 5}, {Op::kRotate, 8},
      {Op::kListRotations, 6}, {Op::kRotateTimes, 3},
  }};
  const bool y2026 = o.profile == contract::Profile::k2026;
  Command c;
  do {
    c.op = y2026 ? Weighted(rng, kOps2026) : Weighted(rng, kOps);
  } while (c.op == Op::kAdvanceClock && !o.clock);
  c.key = Recent(rng, keys);
  c.form = Form(rng, 10, 3);
  switch (c.op) {
    case Op::kCreateKey:
      c.origin = rng.Chance(80) ? Origin::kExternal : Origin::kAwsKms;
      c.spec = KeySpec::kSymmetricDefault;
      if (c.origin == Origin::kExternal && rng.Chance(o.profile == contract::Profile::k2022 ? 25 : 12)) {
        static constexpr KeySpec kOthers[] = {KeySpec::kRsa2048, KeySpec::kEccNistP256,
                                              KeySpec::kHmac256};
        c.spec = kOthers[rng.Uniform(3)];
      }
      c.as_other = o.other && rng.Chance(10);
      break;
    case Op::kGetParameters:
      if (rng.Chance(3)) c.form = rng.Chance(50) ? KeyForm::kUnknownId : KeyForm::kOtherRegionArn;
      if (rng.Chance(3)) c.bogus = static_cast<std::uint8_t>(1 + rng.Uniform(2));
      c.algorithm = rng.Chance(92) ? ProfileAlgorithm(rng, o.profile)
                                   : (o.profile == contract::Profile::k2022
                                          ? WA::kRsaAesKeyWrapSha256
                                          : WA::kRsaesPkcs1V15);
      c.wrapping_spec = rng.Chance(94) ? WKS::kRsa2048
                        : o.profile == contract::Profile::k2022
                            ? WKS::kRsa3072
                            : (rng.Chance(50) ? WKS::kSm2 : WKS::kRsa3072);
      break;
    case Op::kImport: {
      c.token_of = Recent(rng, params);
      c.wrap_for = rng.Chance(85) ? c.token_of : rng.Uniform(params == 0 ? 4 : params + 1);
      c.wrap_with_token_algorithm = rng.Chance(90);
      c.wrap_algorithm = ProfileAlgorithm(rng, o.profile);
      c.new_material = rng.Chance(75);
      c.tweak_last_byte = !c.new_material && rng.Chance(30);
      static constexpr std::uint32_t kSizes[] = {16, 31, 33, 64};
      c.material_size = rng.Chance(90) ? 32 : kSizes[rng.Uniform(4)];
      c.token_change = rng.Chance(92)  ? TokenChange::kNone
                       : rng.Chance(50) ? TokenChange::kFlipByte
                                        : TokenChange::kTruncate;
      static constexpr std::array<std::pair<Expiry, std::uint32_t>, 7> kExpiry = {{
          {Expiry::kDoesNotExpire, 62}, {Expiry::kExpires, 24}, {Expiry::kOmitted, 3},
          {Expiry::kExpiresWithoutValidTo, 3}, {Expiry::kPast, 3}, {Expiry::kTooFar, 3},
          {Expiry::kDoesNotExpireWithValidTo, 2},
      }};
      c.expiry = Weighted(rng, kExpiry);
      c.valid_seconds = rng.Chance(40) ? 3600 : 30 * 86400.0;
      if (y2026) {
        // ImportType and KeyMaterialId; which of the key's materials a reimport sends.
        c.import_type = rng.Chance(45)   ? model::ImportTypeForm::kOmitted
                        : rng.Chance(55) ? model::ImportTypeForm::kNew
                                         : model::ImportTypeForm::kExisting;
        const std::uint32_t r = rng.Uniform(100);
        c.material_id = r < 70   ? model::MaterialIdForm::kNone
                        : r < 85 ? model::MaterialIdForm::kPicked
                        : r < 93 ? model::MaterialIdForm::kNext
                                 : model::MaterialIdForm::kUnknown;
        c.material_pick = rng.Uniform(4);
      }
      break;
    }
    case Op::kDeleteMaterial:
      if (y2026) {
        const std::uint32_t r = rng.Uniform(100);
        c.material_id = r < 40   ? model::MaterialIdForm::kNone
                        : r < 75 ? model::MaterialIdForm::kPicked
                        : r < 92 ? model::MaterialIdForm::kNext
                                 : model::MaterialIdForm::kUnknown;
        c.material_pick = rng.Uniform(4);
      }
      break;
    case Op::kRotate:
      if (c.form != KeyForm::kArn) c.form = KeyForm::kId;
      break;
    case Op::kListRotations:
      if (c.form != KeyForm::kArn) c.form = KeyForm::kId;
      c.all_material = rng.Chance(60);
      c.page_by_one = rng.Chance(40);
      break;
    case Op::kRotateTimes: {
      c.form = KeyForm::kId;
      // Sometimes past 25 rotations of one key (rot.limit), mostly a few.
      static constexpr std::array<std::pair<std::uint32_t, std::uint32_t>, 4> kTimes = {{
          {1, 35}, {5, 30}, {13, 20}, {26, 15},
      }};
      c.times = Weighted(rng, kTimes);
      break;
    }
    case Op::kCreateAlias:
      c.form = KeyForm::kId;
      break;
    case Op::kDecrypt:
      c.ciphertext = rng.Uniform(8);
      break;
    case Op::kAdvanceClock: {
      static constexpr double kMoves[] = {3600 + 60, 86400 + 60, 8 * 86400.0};
      c.seconds = kMoves[rng.Uniform(3)];
      break;
    }
    default:
      break;
  }
  return c;
}

std::vector<Command> Sequence(Rng& rng, const SequenceOptions& o) {
  std::vector<Command> out;
  const std::uint32_t steps = 1 + rng.Uniform(o.max_steps == 0 ? 1 : o.max_steps);
  std::uint32_t keys = 0, params = 0;
  std::vector<std::uint32_t> params_key;  // the key each response was (likely) for
  // Most sequences start as an import does: an EXTERNAL key, then its parameters.
  if (rng.Chance(85)) {
    Command create;
    out.push_back(create);
    ++keys;
    if (steps > 1 && rng.Chance(85)) {
      Command gpfi;
      gpfi.op = Op::kGetParameters;
      gpfi.algorithm = ProfileAlgorithm(rng, o.profile);
      out.push_back(gpfi);
      params_key.push_back(0);
      ++params;
    }
  }
  // Profile 2026: a rotation of imported material (rot.on-demand): the first import, a
  // ciphertext, new material PENDING_ROTATION, the rotation, the old ciphertext decrypted.
  if (o.profile == contract::Profile::k2026 && params > 0 && steps >= out.size() + 5 &&
      rng.Chance(30)) {
    Command import;
    import.op = Op::kImport;
    Command encrypt;
    encrypt.op = Op::kEncrypt;
    Command pending = import;
    pending.import_type = model::ImportTypeForm::kNew;
    Command rotate;
    rotate.op = Op::kRotate;
    Command decrypt;
    decrypt.op = Op::kDecrypt;
    for (const Command& c : {import, encrypt, pending, rotate, decrypt}) out.push_back(c);
  } else if (o.clock && params > 0 && steps >= out.size() + 5 && rng.Chance(15)) {
    Command import;
    import.op = Op::kImport;
    import.expiry = Expiry::kExpires;
    import.valid_seconds = 3600;
    Command encrypt;
    encrypt.op = Op::kEncrypt;
    Command advance;
    advance.op = Op::kAdvanceClock;
    advance.seconds = 3600 + 60;
    Command decrypt;
    decrypt.op = Op::kDecrypt;
    decrypt.ciphertext = 0;
    for (const Command& c : {import, encrypt, advance, encrypt, decrypt}) out.push_back(c);
  } else if (params > 0 && steps > out.size() &&
             rng.Chance(o.profile == contract::Profile::k2026 ? 80 : 65)) {
    // ... and an import into it, with any of the mix-ups an import command can draw (2026:
    // more often, as its ListKeyRotations and rounds of rotation take draws from imports).
    Command import;
    do {
      import = RandomCommand(rng, o, keys, params);
    } while (import.op != Op::kImport);
    import.key = 0;
    // 2026: a first import mostly without the members that refuse one (EXISTING, an id).
    if (o.profile == contract::Profile::k2026 && rng.Chance(75)) {
      import.import_type = model::ImportTypeForm::kOmitted;
      import.material_id = model::MaterialIdForm::kNone;
    }
    out.push_back(import);
  }
  while (out.size() < steps) {
    Command c = RandomCommand(rng, o, keys, params);
    if (c.op == Op::kCreateKey) ++keys;
    if (c.op == Op::kGetParameters) {
      params_key.push_back(keys == 0 ? 0 : c.key % keys);
      ++params;
    }
    // An import aims at the key its token was issued for, most of the time.
    if (c.op == Op::kImport && params > 0 && rng.Chance(85)) c.key = params_key[c.token_of % params];
    out.push_back(c);
  }
  return out;
}

namespace {

constexpr KeySpec kSpecs[] = {KeySpec::kSymmetricDefault, KeySpec::kRsa2048, KeySpec::kEccNistP256,
                              KeySpec::kHmac256};
// SM2PKE is left out: the harness cannot wrap with it (OpenSSL 3.0), as Sequence never asks.
constexpr WA kAlgorithms[] = {WA::kRsaesPkcs1V15, WA::kRsaesOaepSha1, WA::kRsaesOaepSha256,
                              WA::kRsaAesKeyWrapSha1, WA::kRsaAesKeyWrapSha256};
constexpr WKS kWrappingSpecs[] = {WKS::kRsa2048, WKS::kRsa3072, WKS::kRsa4096, WKS::kSm2};
constexpr std::uint32_t kMaterialSizes[] = {32, 16, 31, 33, 64, 48};
constexpr double kClockMoves[] = {3600 + 60, 86400 + 60, 8 * 86400.0};
constexpr std::uint32_t kTimes[] = {1, 5, 13, 26};
// Op bytes 0-12 are the ops of 13; 13 and 14 the 2026 ops ListKeyRotations and rounds of
// rotation; other values wrap as before (mod 13), so older inputs mostly decode the same.
Op DecodeOp(std::uint8_t b) {
  if (b == 13) return Op::kListRotations;
  if (b == 14) return Op::kRotateTimes;
  return static_cast<Op>(b % 13);
}

template <typename T, std::size_t N>
std::uint8_t IndexOf(const T (&table)[N], T v) {
  for (std::size_t i = 0; i < N; ++i) {
    if (table[i] == v) return static_cast<std::uint8_t>(i);
  }
  return 0;
}

}  // namespace

std::string EncodeCommands(contract::Profile profile, const std::vector<Command>& commands) {
  std::string out(1, static_cast<char>(profile == contract::Profile::k2026 ? 1 : 0));
  for (const Command& c : commands) {
    std::uint8_t b[kCommandBytes] = {};
    b[0] = static_cast<std::uint8_t>(c.op);
    b[1] = static_cast<std::uint8_t>(c.key);
    b[2] = static_cast<std::uint8_t>(static_cast<unsigned>(c.form) | (c.as_other ? 0x10 : 0) |
                                     (c.new_material ? 0x20 : 0) | (c.tweak_last_byte ? 0x40 : 0) |
                                     (c.wrap_with_token_algorithm ? 0x80 : 0));
    b[3] = static_cast<std::uint8_t>((c.origin == Origin::kExternal ? 1 : 0) |
                                     (IndexOf(kSpecs, c.spec) << 4));
    b[4] = static_cast<std::uint8_t>(IndexOf(kAlgorithms, c.algorithm) |
                                     (IndexOf(kAlgorithms, c.wrap_algorithm) << 4));
    b[5] = static_cast<std::uint8_t>(IndexOf(kWrappingSpecs, c.wrapping_spec) |
                                     ((c.bogus & 3) << 4) |
                                     (static_cast<unsigned>(c.token_change) << 6));
    b[6] = static_cast<std::uint8_t>(c.token_of);
    b[7] = static_cast<std::uint8_t>(c.wrap_for);
    b[8] = static_cast<std::uint8_t>(IndexOf(kMaterialSizes, c.material_size) |
                                     ((c.material_pick & 0x1f) << 3));
    b[9] = static_cast<std::uint8_t>(static_cast<unsigned>(c.expiry) |
                                     (c.valid_seconds == 3600 ? 0x08 : 0) |
                                     (static_cast<unsigned>(c.import_type) << 4) |
                                     (static_cast<unsigned>(c.material_id) << 6));
    b[10] = static_cast<std::uint8_t>(c.ciphertext);
    b[11] = c.op == Op::kListRotations
                ? static_cast<std::uint8_t>((c.all_material ? 1 : 0) | (c.page_by_one ? 2 : 0))
            : c.op == Op::kRotateTimes ? IndexOf(kTimes, c.times)
                                       : IndexOf(kClockMoves, c.seconds);
    out.append(reinterpret_cast<const char*>(b), kCommandBytes);
  }
  return out;
}

contract::Profile DecodeProfile(const std::uint8_t* data, std::size_t size) {
  return size > 0 && (data[0] & 1) ? contract::Profile::k2026 : contract::Profile::k2022;
}

std::vector<Command> DecodeCommands(const std::uint8_t* data, std::size_t size,
                                    std::size_t max_commands) {
  std::vector<Command> out;
  for (std::size_t at = 1; at + kCommandBytes <= size && out.size() < max_commands;
       at += kCommandBytes) {
    const std::uint8_t* b = data + at;
    Command c;
    c.op = DecodeOp(b[0]);
    c.key = b[1];
    c.form = static_cast<KeyForm>((b[2] & 0x07) % 7);
    c.as_other = (b[2] & 0x10) != 0;
    c.new_material = (b[2] & 0x20) != 0;
    c.tweak_last_byte = (b[2] & 0x40) != 0;
    c.wrap_with_token_algorithm = (b[2] & 0x80) != 0;
    c.origin = (b[3] & 1) ? Origin::kExternal : Origin::kAwsKms;
    c.spec = kSpecs[(b[3] >> 4) % std::size(kSpecs)];
    c.algorithm = kAlgorithms[(b[4] & 0x0f) % std::size(kAlgorithms)];
    c.wrap_algorithm = kAlgorithms[(b[4] >> 4) % std::size(kAlgorithms)];
    c.wrapping_spec = kWrappingSpecs[b[5] & 0x03];
    c.bogus = static_cast<std::uint8_t>(((b[5] >> 4) & 3) % 3);
    c.token_change = static_cast<TokenChange>(((b[5] >> 6) & 3) % 3);
    c.token_of = b[6];
    c.wrap_for = b[7];
    c.material_size = kMaterialSizes[(b[8] & 0x07) % std::size(kMaterialSizes)];
    c.material_pick = b[8] >> 3;
    c.import_type = static_cast<model::ImportTypeForm>(((b[9] >> 4) & 3) % 3);
    c.material_id = static_cast<model::MaterialIdForm>((b[9] >> 6) & 3);
    c.expiry = static_cast<Expiry>((b[9] & 0x07) % 7);
    c.valid_seconds = (b[9] & 0x08) ? 3600 : 30 * 86400.0;
    c.ciphertext = b[10];
    if (c.op == Op::kAdvanceClock) c.seconds = kClockMoves[b[11] % std::size(kClockMoves)];
    if (c.op == Op::kListRotations) {
      c.all_material = (b[11] & 1) != 0;
      c.page_by_one = (b[11] & 2) != 0;
    }
    if (c.op == Op::kRotateTimes) c.times = kTimes[b[11] % std::size(kTimes)];
    out.push_back(c);
  }
  return out;
}

}  // namespace kc::gen
