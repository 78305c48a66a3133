// Scenarios of the import-token rules of ImportKeyMaterial (ikm.token-*, ikm.algorithm-bound).
#include <string>
#include <vector>

#include "harness/contract/profile.h"
#include "harness/scenarios/scenario.h"
#include "harness/scenarios/session.h"

namespace kc::scenarios {
namespace {

using WA = WrappingAlgorithm;

// ikm.token-same-response: "To import key material, you must use the public key and import
// token from the same response." Both pairings, each on a fresh key: the older public key
// with the newer token, and the newer public key with the older token (a target that unwraps
// with the key's newest wrapping key, ignoring the token's own, refuses only the first).
// Each refusal rests on the token's own control: the token under test, with material
// wrapped under its own response's public key, imports into its key (afterwards, since an
// import changes the key). Whether an older token stays valid after a later
// GetParametersForImport is not documented: if its control is refused, that pairing is
// not judged (a note).
report::RuleResult TokenSameResponse(Context& ctx) {
  Session s(ctx, "ikm.token-same-response");
  struct Pairing {
    const char* key;
    bool older_public_key;  // material for P1's public key with P2's token, or the reverse
  };
  for (const Pairing& pairing : {Pairing{"K1", true}, Pairing{"K2", false}}) {
    const std::string k_var = pairing.key;
    s.Setup("an EXTERNAL key " + k_var + " and two GetParametersForImport responses");
    auto k = s.CreateExternalKey(k_var);
    auto p1 = k ? s.GetParameters("P1" + k_var, *k) : std::nullopt;
    auto p2 = p1 ? s.GetParameters("P2" + k_var, *k) : std::nullopt;
    if (!p2) return s.Finish();
    const ImportParams& key_of = pairing.older_public_key ? *p1 : *p2;
    const ImportParams& token_of = pairing.older_public_key ? *p2 : *p1;
    const Material m = s.NewMaterial("M" + k_var);
    auto wrong = s.Wrap("W" + key_of.var, key_of, m);
    auto own = wrong ? s.Wrap("W" + token_of.var, token_of, m) : std::nullopt;
    if (!own) return s.Finish();
    const std::string pair = std::string(pairing.older_public_key ? "the older" : "the newer") +
                             " response's public key with the " +
                             (pairing.older_public_key ? "newer" : "older") + " one's token";
    const ControlRef c = s.NewControl(
        token_of.var + "'s token imports material wrapped with " + token_of.var +
            "'s own public key into " + k_var,
        pairing.older_public_key ? IfControlFails::kError : IfControlFails::kNotJudged);
    s.Probe("material wrapped with " + key_of.var + "'s public key, sent with " + token_of.var +
            "'s token (" + pair + ")");
    s.judge().ExpectError(Summarize(s.Import(*k, token_of, *wrong)),
                          {ErrorType::kInvalidCiphertextException}, pair, {c});
    s.Control(c);
    s.judge().ControlReply(c, Summarize(s.Import(*k, token_of, *own)));
  }
  return s.Finish();
}

// ikm.token-bound-to-key: a token issued for key A is refused for key B, and B's for A. Each
// refusal rests on the token's control: it imports its own material into its own key.
report::RuleResult TokenBoundToKey(Context& ctx) {
  Session s(ctx, "ikm.token-bound-to-key");
  s.Setup("two EXTERNAL keys A and B, each with parameters and wrapped material");
  auto a = s.PrepareImport("A");
  auto b = a ? s.PrepareImport("B") : std::nullopt;
  if (!b) return s.Finish();
  const ControlRef a_own =
      s.NewControl("A's token imports A's material into A", IfControlFails::kNotJudged);
  const ControlRef b_own =
      s.NewControl("B's token imports B's material into B", IfControlFails::kNotJudged);
  s.Probe("ImportKeyMaterial into B with A's token and material");
  s.judge().ExpectError(Summarize(s.Import(b->key, a->params, a->wrapped)),
                        {ErrorType::kInvalidImportTokenException}, "A's token used for key B",
                        {a_own});
  s.Probe("ImportKeyMaterial into A with B's token and material");
  s.judge().ExpectError(Summarize(s.Import(a->key, b->params, b->wrapped)),
                        {ErrorType::kInvalidImportTokenException}, "B's token used for key A",
                        {b_own});
  s.Control(a_own);
  s.judge().ControlReply(a_own, Summarize(s.Import(a->key, a->params, a->wrapped)));
  s.Control(b_own);
  s.judge().ControlReply(b_own, Summarize(s.Import(b->key, b->params, b->wrapped)));
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
  r.Line(
      "{ head -c \"$N\" \"$W/PK.token\"; printf \"\\\\$(printf '%03o' $((b ^ 1)))\"; "
      "tail -c +$((N + 2)) \"$W/PK.token\"; } > \"$W/flipped.token\"");
  r.Line("L=$(( $(wc -c < \"$W/PK.token\") - 1 ))");
  r.Line("b=$(od -An -tu1 -j\"$L\" -N1 \"$W/PK.token\" | tr -d ' ')");
  r.Line(
      "{ head -c \"$L\" \"$W/PK.token\"; printf \"\\\\$(printf '%03o' $((b ^ 128)))\"; } > "
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
  // The refusals are about the tokens only if the genuine token imports (afterwards).
  const ControlRef genuine =
      s.NewControl("the genuine token imports the same material into the same key");
  for (const Case& c : cases) {
    s.Probe(std::string("ImportKeyMaterial with ") + c.what);
    ImportOptions o;
    o.token = *c.token;
    o.token_file = c.file;
    s.judge().ExpectError(Summarize(s.Import(*k, *p, *w, o)),
                          {ErrorType::kInvalidImportTokenException}, c.what, {genuine});
  }
  s.Control(genuine);
  s.judge().ControlReply(genuine, Summarize(s.Import(*k, *p, *w)));
  return s.Finish();
}

// ikm.token-expired: "You cannot use an expired token in an ImportKeyMaterial request."
report::RuleResult TokenExpired(Context& ctx) {
  Session s(ctx, "ikm.token-expired");
  if (!s.can_move_clock()) {
    s.judge().Skip(
        "no clock control: the target's time cannot be moved past ParametersValidTo "
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
  // The refusal is about the token's age only if, at the same (moved) time, fresh
  // parameters import the same material into the same key.
  const ControlRef fresh = s.NewControl(
      "fresh parameters, requested after the clock moved, import the same material into K");
  s.Probe("ImportKeyMaterial one minute after ParametersValidTo");
  s.judge().ExpectError(Summarize(s.Import(k->key, k->params, k->wrapped)),
                        {ErrorType::kExpiredImportTokenException}, "an expired token", {fresh});
  s.Control(fresh);
  auto p2 = s.GetParameters("P2", k->key);
  auto w2 = p2 ? s.Wrap("W2", *p2, k->material) : std::nullopt;
  if (!w2) {
    s.judge().ControlCheck(fresh, false, "could not get fresh parameters");
    return s.Finish();
  }
  s.judge().ControlReply(fresh, Summarize(s.Import(k->key, *p2, *w2)));
  return s.Finish();
}

// ikm.algorithm-bound: "the wrapping algorithm that you specify in this command must be one
// that you use to encrypt the key material with the public key." Every ordered pair of the
// profile's algorithms: for each token algorithm a fresh key, material wrapped with each
// other algorithm is refused; the control wraps it with the token's own algorithm.
report::RuleResult AlgorithmBound(Context& ctx) {
  Session s(ctx, "ikm.algorithm-bound");
  std::vector<WA> algorithms;
  for (WA alg : {WA::kRsaesPkcs1V15, WA::kRsaesOaepSha1, WA::kRsaesOaepSha256,
                 WA::kRsaAesKeyWrapSha1, WA::kRsaAesKeyWrapSha256}) {
    if (contract::SupportsWrappingAlgorithm(s.profile(), alg)) algorithms.push_back(alg);
  }
  int n = 0;
  for (WA token_alg : algorithms) {
    const std::string token_name(contract::ToWire(token_alg));
    const std::string k_var = "K" + std::to_string(++n);
    s.Setup("an EXTERNAL key " + k_var + ", parameters for " + token_name);
    auto k = s.CreateExternalKey(k_var);
    auto p = k ? s.GetParameters("P" + k_var, *k, token_alg) : std::nullopt;
    if (!p) return s.Finish();
    const Material m = s.NewMaterial("M" + k_var);
    const ControlRef own = s.NewControl("material wrapped with " + token_name + " imports into " +
                                            k_var + " with its " + token_name + " token",
                                        IfControlFails::kNotJudged);
    for (WA other : algorithms) {
      if (other == token_alg) continue;
      const std::string name(contract::ToWire(other));
      auto w = s.Wrap("W" + k_var + "_" + name, *p, m, other);
      if (!w) return s.Finish();
      s.Probe("material wrapped with " + name + " under a " + token_name + " token");
      s.judge().ExpectError(
          Summarize(s.Import(*k, *p, *w)), {ErrorType::kInvalidCiphertextException},
          "material wrapped with " + name + " for a " + token_name + " token", {own});
    }
    auto w = s.Wrap("W" + k_var, *p, m);
    if (!w) return s.Finish();
    s.Control(own);
    s.judge().ControlReply(own, Summarize(s.Import(*k, *p, *w)));
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
