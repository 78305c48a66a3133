// Fuzz target: the mock model's private binary formats on arbitrary bytes:
// DecodeJournalEntry / EncodeJournalEntry (key and alias records, mock_kms/model/key_record.h),
// ParseCiphertext (ciphertext.h), ParseKeyRef (key_id.h) and TokenSealer::Open
// (token_sealer.h). Claims: nothing crashes; a journal payload that decodes re-encodes to
// the same bytes (the replay reads exactly what was written); a parsed key reference
// points inside its input; no input opens as an import token (ikm.token-tampered).
// Input: byte 0 picks the parser, the rest is its input.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "harness/crypto/random.h"
#include "mock_kms/model/ciphertext.h"
#include "mock_kms/model/key_id.h"
#include "mock_kms/model/key_record.h"
#include "mock_kms/model/token_sealer.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant failed: %s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kc;
  using namespace kc::mock;
  if (size == 0) return 0;
  const ByteView in(data + 1, size - 1);
  switch (data[0] % 4) {
    case 0: {
      const auto e = DecodeJournalEntry(in);
      if (!e) return 0;
      const Bytes again = EncodeJournalEntry(*e);
      Check(again.size() == in.size() && std::equal(again.begin(), again.end(), in.begin()),
            "journal payload re-encodes to the same bytes");
      return 0;
    }
    case 1: {
      const auto c = ParseCiphertext(in);
      if (c) Check(IsKeyId(c->key_id) && c->sealed.size() >= 16, "parsed blob is well formed");
      return 0;
    }
    case 2: {
      const std::string_view text = AsChars(in);
      const KeyRef r = ParseKeyRef(text);
      for (std::string_view part : {r.region, r.account, r.resource}) {
        Check(part.empty() || (part.data() >= text.data() &&
                               part.data() + part.size() <= text.data() + text.size()),
              "key reference parts point into the input");
      }
      Check(r.kind != KeyRefKind::kKeyId || IsKeyId(r.resource), "a key id form is a key id");
      return 0;
    }
    default: {
      static crypto::DeterministicRandom random(1);
      static TokenSealer sealer(Bytes(32, 0x42), random);
      Check(!sealer.Open(in).ok(), "no fuzzed input opens as an import token");
      return 0;
    }
  }
}
