// Scenarios of the import-token rules of ImportKeyMaterial (ikm.token-*, ikm.algorithm-bound).
#include <string>

#include "harness/scenarios/scenario.h"
#include "harness/scenarios/session.h"

namespace kc::scenarios {
namespace {

using WA = WrappingAlgorithm;

// ikm.token-same-response: "To import key material, you must use the public key and import
// token from the same response."
report::RuleResult TokenSameResponse(Context& ctx) {
  Session s(ctx, "ikm.token-same-response");
  s.Setup("an EXTERNAL key and two GetParametersForImport responses");
  auto k = s.CreateExternalKey("K");
  auto p1 = k ? s.GetParameters("P1", *k) : std::nullopt;
  auto p2 = p1 ? s.GetParameters("P2", *k) : std::nullopt;
  if (!p2) return s.Finish();
  auto w1 = s.Wrap("W1", *p1, s.NewMaterial("M"));
  if (!w1) return s.Finish();
  s.Probe("material wrapped with P1's public key, sent with P2's token");
  s.judge().ExpectError(Summarize(s.Import(*k, *p2, *w1)),
                        {ErrorType::kInvalidCiphertextException},
                        "a token of another response than the public key's");
  return s.Finish();
}

// ikm.token-bound-to-key: a token issued for key A is refused for key B.
report::RuleResult TokenBoundToKey(Context& ctx) {
  Session s(ctx, "ikm.token-bound-to-key");
  s.Setup("two EXTERNAL keys A and B, parameters for A");
  auto a = s.PrepareImport("A");
  auto b = a ? s.CreateExternalKey("B") : std::nullopt;
  if (!b) return s.Finish();
  s.Probe("ImportKeyMaterial into B with A's token and material");
  s.judge().ExpectError(Summarize(s.Import(*b, a->params, a->wrapped)),
                        {ErrorType::kInvalidImportTokenException}, "A's token used for key B");
  return s.Finish();
}

// ikm.token-tampered: a modified, truncated or random token is refused.
report::RuleResult TokenTampered(Context& ctx) {
  Session s(ctx, "ikm.token-tampered");
  s.Setup("an EXTERNAL key, parameters and wrapped material");
  auto prepared = s.PrepareImport("K");
  if (!prepared) return s.Finish();
  const KeyRef* k = &prepared->key;
  const ImportParams* p = &prepared->params;
  const Wrapped* w = &prepared->wrapped;
  if (p->token.empty()) {
    s.judge().Fail("the ImportToken is not empty", "1..6144 bytes", "0 bytes");
    return s.Finish();
  }
  const std::size_t mid = p->token.size() / 2;
  Bytes flipped = p->token;
  flipped[mid] ^= 0x01;
  Bytes last = p->token;
  last.back() ^= 0x80;
  const Bytes truncated(p->token.begin(), p->token.begin() + static_cast<std::ptrdiff_t>(mid));
  const Bytes random_token = s.RandomBytes(p->token.size());
  auto& r = s.repro();
  r.Line("N=$(( $(wc -c < \"$W/PK.token\") / 2 ))");
  r.Line("b=$(od -An -tu1 -j\"$N\" -N1 \"$W/PK.token\" | tr -d ' ')");
  r.Line("{ head -c \"$N\" \"$W/PK.token\"; printf \"\\\\$(printf '%03o' $((b ^ 1)))\"; "
         "tail -c +$((N + 2)) \"$W/PK.token\"; } > \"$W/flipped.token\"");
  r.Line("L=$(( $(wc -c < \"$W/PK.token\") - 1 ))");
  r.Line("b=$(od -An -tu1 -j\"$L\" -N1 \"$W/PK.token\" | tr -d ' ')");
  r.Line("{ head -c \"$L\" \"$W/PK.token\"; printf \"\\\\$(printf '%03o' $((b ^ 128)))\"; } > "
         "\"$W/last.token\"");
  r.Line("head -c \"$N\" \"$W/PK.token\" > \"$W/truncated.token\"");
  r.Line("openssl rand -out \"$W/random.token\" $(wc -c < \"$W/PK.token\")");
  struct Case {
    const char* what;
    const Bytes* token;
    const char* file;
  };
  const Case cases[] = {
      {"a token with one bit flipped in the middle", &flipped, "$W/flipped.token"},
      {"a token with its last byte changed", &last, "$W/last.token"},
      {"a token cut in half", &truncated, "$W/truncated.token"},
      {"random bytes of a token's length", &random_token, "$W/random.token"},
  };
  for (const Case& c : cases) {
    s.Probe(std::string("ImportKeyMaterial with ") + c.what);
    ImportOptions o;
    o.token = *c.token;
    o.token_file = c.file;
    s.judge().ExpectError(Summarize(s.Import(*k, *p, *w, o)),
                          {ErrorType::kInvalidImportTokenException}, c.what);
  }
  // The refusals were about the tokens: the genuine token still imports.
  s.Probe("ImportKeyMaterial with the genuine token");
  s.judge().ExpectSuccess(Summarize(s.Import(*k, *p, *w)), "the untampered token still imports");
  return s.Finish();
}

// ikm.token-expired: "You cannot use an expired token in an ImportKeyMaterial request."
report::RuleResult TokenExpired(Context& ctx) {
  Session s(ctx, "ikm.token-expired");
  if (!s.can_move_clock()) {
    s.judge().Skip("no clock control: the target's time cannot be moved past ParametersValidTo "
                   "(use --clock faketime or mock-hook)");
    return s.Finish();
  }
  s.Setup("an EXTERNAL key, parameters and wrapped material");
  auto k = s.PrepareImport("K");
  if (!k) return s.Finish();
  const double valid_to = k->params.valid_to.value_or(k->params.requested_at + 86400);
  const double advance = valid_to - s.TargetNow() + 60;
  s.Setup("move the target's clock past ParametersValidTo");
  if (Status moved = s.AdvanceClock(advance); !moved.ok()) {
    s.judge().Skip("the target's clock did not move: " + moved.message());
    return s.Finish();
  }
  s.Probe("ImportKeyMaterial one minute after ParametersValidTo");
  s.judge().ExpectError(Summarize(s.Import(k->key, k->params, k->wrapped)),
                        {ErrorType::kExpiredImportTokenException}, "an expired token");
  return s.Finish();
}

// ikm.algorithm-bound: "the wrapping algorithm that you specify in this command must be one
// that you use to encrypt the key material with the public key."
report::RuleResult AlgorithmBound(Context& ctx) {
  Session s(ctx, "ikm.algorithm-bound");
  s.Setup("an EXTERNAL key, parameters for RSAES_OAEP_SHA_256");
  auto k = s.CreateExternalKey("K");
  auto p = k ? s.GetParameters("P", *k, WA::kRsaesOaepSha256) : std::nullopt;
  if (!p) return s.Finish();
  const Material m = s.NewMaterial("M");
  for (WA other : {WA::kRsaesOaepSha1, WA::kRsaesPkcs1V15}) {
    const std::string name(contract::ToWire(other));
    auto w = s.Wrap("W_" + name, *p, m, other);
    if (!w) return s.Finish();
    s.Probe("material wrapped with " + name + " under a RSAES_OAEP_SHA_256 token");
    s.judge().ExpectError(Summarize(s.Import(*k, *p, *w)),
                          {ErrorType::kInvalidCiphertextException},
                          "material wrapped with " + name + " for a RSAES_OAEP_SHA_256 token");
  }
  return s.Finish();
}

}  // namespace

std::vector<ScenarioSpec> IkmTokenScenarios() {
  return {
      {"ikm.token-same-response", TokenSameResponse, false},
      {"ikm.token-bound-to-key", TokenBoundToKey, false},
      {"ikm.token-tampered", TokenTampered, false},
      {"ikm.token-expired", TokenExpired, true},
      {"ikm.algorithm-bound", AlgorithmBound, false},
  };
}

}  // namespace kc::scenarios
