#include "harness/gen/gen.h"

#include <gtest/gtest.h>

namespace kc::gen {
namespace {

TEST(Gen, TheSameSeedGivesTheSameSequence) {
  SequenceOptions o;
  o.clock = o.other = true;
  Rng a(5), b(5), c(6);
  const auto first = Sequence(a, o);
  EXPECT_EQ(first, Sequence(b, o));
  bool differs = false;
  for (int i = 0; i < 20 && !differs; ++i) differs = Sequence(c, o) != first;
  EXPECT_TRUE(differs);
}

// The byte form of the fuzz targets: what Sequence draws survives a round trip, in both
// profiles; any bytes decode.
TEST(Gen, CommandsRoundTripThroughTheirByteForm) {
  for (const contract::Profile p : {contract::Profile::k2022, contract::Profile::k2026}) {
    SequenceOptions o;
    o.profile = p;
    o.clock = o.other = true;
    Rng rng(11);
    for (int i = 0; i < 2000; ++i) {
      const std::vector<model::Command> s = Sequence(rng, o);
      const std::string bytes = EncodeCommands(p, s);
      ASSERT_EQ(bytes.size(), 1 + s.size() * kCommandBytes);
      const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
      EXPECT_EQ(DecodeProfile(data, bytes.size()), p);
      const std::vector<model::Command> back = DecodeCommands(data, bytes.size(), 1000);
      ASSERT_EQ(back.size(), s.size());
      for (std::size_t k = 0; k < s.size(); ++k) {
        ASSERT_EQ(back[k], s[k]) << i << "/" << k << ": " << s[k].Text() << " vs " << back[k].Text();
      }
    }
  }
}

TEST(Gen, AnyBytesDecodeToAtMostTheLimit) {
  std::string bytes(1 + 30 * kCommandBytes + 5, '\xff');
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  EXPECT_EQ(DecodeCommands(data, bytes.size(), 20).size(), 20u);
  EXPECT_EQ(DecodeCommands(data, bytes.size(), 100).size(), 30u);
  EXPECT_TRUE(DecodeCommands(data, 0, 20).empty());
  EXPECT_EQ(DecodeProfile(data, 0), contract::Profile::k2022);
}

}  // namespace
}  // namespace kc::gen
