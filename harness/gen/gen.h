// Generators of command sequences for the model (harness/model): RapidCheck-free, so that
// kmsconform explore, the fuzz targets and the properties share them. Deterministic: the
// same seed gives the same sequence, whatever the target answers.
#ifndef KC_GEN_GEN_H_
#define KC_GEN_GEN_H_

#include <cstdint>
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

}  // namespace kc::gen

#endif  // KC_GEN_GEN_H_
