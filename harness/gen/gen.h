// Generators of command sequences for the model (harness/model): RapidCheck-free, so that
// kmsconform explore, the fuzz targets and the properties share them. Deterministic: the
// same seed gives the same sequence, whatever the target answers.
#ifndef KC_GEN_GEN_H_
#define KC_GEN_GEN_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "harness/contract/enums.h"
#include "harness/model/model.h"

namespace kc::gen {

// Rng: splitmix64, small and fast; Uniform(n) in [0, n).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next();
  std::uint32_t Uniform(std::uint32_t n) { return n == 0 ? 0 : static_cast<std::uint32_t>(Next() % n); }
  bool Chance(std::uint32_t percent) { return Uniform(100) < percent; }

 private:
  std::uint64_t state_;
};

struct SequenceOptions {
  contract::Profile profile = contract::Profile::k2022;
  std::uint32_t max_steps = 20;  // commands per sequence (1..max_steps)
  bool clock = false;            // AdvanceClock commands (the target's clock can be moved)
  bool other = false;            // commands of a second identity in another account
};

// Sequence: a sequence of commands, weighted so that most sequences create an EXTERNAL key,
// get parameters for it and import material (with every mix-up the command fields can
// make: another response's token or public key, another algorithm, a tampered token, wrong
// lengths, reimports, every ExpirationModel/ValidTo form).
std::vector<model::Command> Sequence(Rng& rng, const SequenceOptions& options);

// Command: one command, as Sequence draws them (`keys` and `params` so far, to aim indices
// at recent objects).
model::Command RandomCommand(Rng& rng, const SequenceOptions& options, std::uint32_t keys,
                             std::uint32_t params);

// The byte form of a command sequence, for fuzz targets and their seeds: a configuration
// byte (bit 0: profile 2026), then kCommandBytes per command:
//   0 op (0-12; 13 ListKeyRotations, 14 rounds of rotation; others mod 13)        1 key              2 form (bits 0-2) | as_other 4 | new_material 5
//                                             | tweak_last_byte 6 | wrap_with_token_algorithm 7
//   3 origin (bit 0: EXTERNAL, else AWS_KMS) | spec (bits 4-5: SYMMETRIC_DEFAULT, RSA_2048,
//     ECC_NIST_P256, HMAC_256)
//   4 algorithm (bits 0-3) | wrap_algorithm (bits 4-7): RSAES_PKCS1_V1_5, RSAES_OAEP_SHA_1,
//     RSAES_OAEP_SHA_256, RSA_AES_KEY_WRAP_SHA_1, RSA_AES_KEY_WRAP_SHA_256
//   5 wrapping spec (bits 0-1: RSA_2048, RSA_3072, RSA_4096, SM2) | bogus (bits 4-5)
//     | token_change (bits 6-7)
//   6 token_of          7 wrap_for
//   8 material size (bits 0-2, index: 32, 16, 31, 33, 64, 48) | material_pick (bits 3-7)
//   9 expiry (bits 0-2) | valid_seconds 3600 (bit 3, else 30 days) | import_type (bits 4-5)
//     | material_id (bits 6-7)
//   10 ciphertext       11 AdvanceClock seconds (index: 3660, 86460, 8 days); ListKeyRotations:
//     ALL_KEY_MATERIAL (bit 0) | pages of Limit=1 (bit 1); rounds of rotation: times (index:
//     1, 5, 13, 26)
// Every byte string decodes (values out of range wrap), so a fuzzer's mutations stay
// commands; Decode(Encode(s)) == s for the commands Sequence draws. At most max_commands.
constexpr std::size_t kCommandBytes = 12;
std::string EncodeCommands(contract::Profile profile, const std::vector<model::Command>& commands);
contract::Profile DecodeProfile(const std::uint8_t* data, std::size_t size);
std::vector<model::Command> DecodeCommands(const std::uint8_t* data, std::size_t size,
                                           std::size_t max_commands);

}  // namespace kc::gen

#endif  // KC_GEN_GEN_H_
