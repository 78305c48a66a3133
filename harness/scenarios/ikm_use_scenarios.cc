// Scenarios of the 2026 rules of imported asymmetric and HMAC material (ikm.*): the format
// of RSA and ECC material, the RSA_AES_KEY_WRAP hybrids that carry it, and whether the
// imported private keys and HMAC keys are the ones the target then uses.
//
// The RSA and EC material is fixed (material_keys.h: TEST KEYS compiled into the binary), so
// a run generates no RSA key; the reproducer makes equivalent keys with openssl instead.
#include <string>
#include <vector>

#include "harness/contract/profile.h"
#include "harness/crypto/rsa_encryption.h"
#include "harness/crypto/signature.h"
#include "harness/scenarios/material_keys.h"
#include "harness/scenarios/scenario.h"
#include "harness/scenarios/session.h"

namespace kc::scenarios {
namespace {

using contract::EncryptionAlgorithm;
using contract::KeyUsage;
using contract::MacAlgorithm;
using contract::SigningAlgorithm;

std::string Wire(auto v) { return std::string(contract::ToWire(v)); }

// KeyMaterial: the fixed private key of `spec` as the material `var` ($W/<var>.bin: in the
// reproducer a fresh key of the same spec made by openssl, never the fixed key's bytes).
Material KeyMaterial(Session& s, std::string_view var, KeySpec spec) {
  Material m{std::string(var), MaterialKeyDer(spec)};
  for (const std::string& line : MaterialCommands(spec, "$W/" + m.var + ".bin")) {
    s.repro().Line(line);
  }
  return m;
}

// WrapFor: the wrapping algorithm for material of `size` bytes under an RSA_2048 wrapping
// key: RSAES_OAEP_SHA_256 when it fits (190 bytes: EC private keys but P-521's), else the
// RSA_AES_KEY_WRAP_SHA_256 hybrid (RSA private keys must use one).
WrappingAlgorithm WrapFor(std::size_t size) {
  return size <= crypto::RsaOaepMaxMessageSize(256, crypto::HashAlg::kSha256)
             ? WrappingAlgorithm::kRsaesOaepSha256
             : WrappingAlgorithm::kRsaAesKeyWrapSha256;
}

// The material-format refusal: the type is inferred (CONTRACT.md, Profile 2026).
ExpectedError BadMaterial() {
  return ExpectedError{
      {ErrorType::kIncorrectKeyMaterialException, ErrorType::kValidationException},
      std::nullopt,
      {},
      std::nullopt};
}

// SpkiSeen: what GetPublicKey answered, for a check's `actual`.
std::string SpkiSeen(const client::Reply<codec::GetPublicKeyResponse>& r, const Bytes& want) {
  if (!r.ok()) return Summarize(r).Describe();
  if (!r.value().public_key) return "no PublicKey in the reply";
  if (*r.value().public_key == want) return "the imported key's SubjectPublicKeyInfo";
  return "another public key (" + std::to_string(r.value().public_key->size()) + " bytes of DER)";
}

// ---- the reproducer's own signatures and MACs: its material is not the run's (it makes
// equivalent keys with openssl), so the files it verifies are made from its own material.

// DgstName: openssl dgst's option for a hash.
std::string DgstName(crypto::DigestAlg hash) {
  switch (hash) {
    case crypto::DigestAlg::kSha224: return "-sha224";
    case crypto::DigestAlg::kSha256: return "-sha256";
    case crypto::DigestAlg::kSha384: return "-sha384";
    case crypto::DigestAlg::kSha512: return "-sha512";
  }
  return "-sha256";
}

// FlipLastLines: $W/<to>.bin is $W/<from>.bin with its last byte changed.
std::vector<std::string> FlipLastLines(const std::string& from, const std::string& to) {
  const std::string f = "\"$W/" + from + ".bin\"";
  return {"L=$(( $(wc -c < " + f + ") - 1 )); b=$(od -An -tu1 -j\"$L\" -N1 " + f +
              " | tr -d ' ')",
          "{ head -c \"$L\" " + f + "; printf \"\\\\$(printf '%03o' $((b ^ 1)))\"; } > \"$W/" +
              to + ".bin\""};
}

// SignLines: $W/<sig>.bin, the signature of $W/<msg>.bin by the private key (DER PKCS#8)
// $W/<key>.bin, as the scheme says (PSS: salt as long as the hash).
std::vector<std::string> SignLines(const std::string& key, crypto::SignatureScheme scheme,
                                   crypto::DigestAlg hash, const std::string& msg,
                                   const std::string& sig) {
  std::string cmd = "openssl dgst " + DgstName(hash) + " -sign \"$W/" + key +
                    ".bin\" -keyform DER";
  if (scheme == crypto::SignatureScheme::kRsaPss) {
    cmd += " -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest";
  }
  return {cmd + " -out \"$W/" + sig + ".bin\" \"$W/" + msg + ".bin\""};
}

// MacLines: $W/<mac>.bin, the HMAC of $W/<msg>.bin under the raw key $W/<key>.bin.
std::vector<std::string> MacLines(const std::string& key, crypto::DigestAlg hash,
                                  const std::string& msg, const std::string& mac) {
  return {"openssl dgst " + DgstName(hash) + " -mac HMAC -macopt hexkey:\"$(od -An -tx1 -v \"$W/" +
          key + ".bin\" | tr -d ' \\n')\" -binary -out \"$W/" + mac + ".bin\" \"$W/" + msg +
          ".bin\""};
}

template <typename... L>
std::vector<std::string> Join(std::vector<std::string> a, const L&... more) {
  (a.insert(a.end(), more.begin(), more.end()), ...);
  return a;
}

// FlipLast: bytes with the last byte changed (a DER ECDSA signature stays well-formed).
Bytes FlipLast(Bytes b) {
  if (!b.empty()) b.back() ^= 0x01;
  return b;
}

// ---------------------------------------------------------------- ikm.material-format

// ikm.material-format: RSA and ECC material is a PKCS#8 private key of the key's own size
// and curve. Each probe has its own key and parameters; its control imports the right key
// with the same token afterwards.
report::RuleResult MaterialFormat(Context& ctx) {
  Session s(ctx, "ikm.material-format");
  struct Case {
    std::string var;
    KeySpec key_spec;
    std::string what;
    std::optional<KeySpec> wrong;  // nullopt: 32 raw bytes (not PKCS#8)
  };
  const std::vector<Case> cases = {
      {"EP384", KeySpec::kEccNistP256, "a P-384 PKCS#8 private key for an ECC_NIST_P256 key",
       KeySpec::kEccNistP384},
      {"EK1", KeySpec::kEccNistP256,
       "a secp256k1 PKCS#8 private key (same size, other curve) for an ECC_NIST_P256 key",
       KeySpec::kEccSecgP256k1},
      {"R3072", KeySpec::kRsa2048, "an RSA-3072 PKCS#8 private key for an RSA_2048 key",
       KeySpec::kRsa3072},
      {"ERAW", KeySpec::kEccNistP256, "32 raw bytes (not PKCS#8) for an ECC_NIST_P256 key",
       std::nullopt},
  };
  for (const Case& c : cases) {
    // RSA material needs the hybrid; the EC keys of these probes fit RSAES_OAEP_SHA_256.
    const WrappingAlgorithm alg = contract::RsaBits(c.key_spec) != 0
                                      ? WrappingAlgorithm::kRsaAesKeyWrapSha256
                                      : WrappingAlgorithm::kRsaesOaepSha256;
    s.Setup("an EXTERNAL " + Wire(c.key_spec) + " key " + c.var + " and parameters (" +
            Wire(alg) + ")");
    auto k = s.CreateExternalKey(c.var, c.key_spec);
    auto p = k ? s.GetParameters("P" + c.var, *k, alg) : std::nullopt;
    if (!p) continue;
    const Material bad = c.wrong ? KeyMaterial(s, "MX" + c.var, *c.wrong)
                                 : s.NewMaterial("MX" + c.var, 32);
    auto wbad = s.Wrap("WX" + c.var, *p, bad);
    const Material good = KeyMaterial(s, "M" + c.var, c.key_spec);
    auto wgood = s.Wrap("W" + c.var, *p, good);
    if (!wbad || !wgood) continue;
    const ControlRef right = s.NewControl("a " + Wire(c.key_spec) + " PKCS#8 private key, wrapped " +
                                          "the same way, imports into " + c.var +
                                          " with the same token");
    s.Probe("ImportKeyMaterial of " + c.what);
    s.judge().ExpectError(Summarize(s.Import(*k, *p, *wbad)), BadMaterial(), c.what, {right});
    s.Control(right);
    s.judge().ControlReply(right, Summarize(s.Import(*k, *p, *wgood)));
  }
  return s.Finish();
}

// ---------------------------------------------------------------- ikm.large-material-wrap

// ikm.large-material-wrap: an RSA private key (more than RSAES_OAEP can carry) imports with
// RSA_AES_KEY_WRAP_SHA_256 and _SHA_1, each unwrapped with its own hash.
report::RuleResult LargeMaterialWrap(Context& ctx) {
  Session s(ctx, "ikm.large-material-wrap");
  const crypto::PrivateKey& rsa = MaterialKey(KeySpec::kRsa2048);
  const Bytes& spki = rsa.Public().SpkiDer();
  s.Setup("an EXTERNAL RSA_2048 key K1, parameters for RSA_AES_KEY_WRAP_SHA_256, and an "
          "RSA-2048 private key wrapped with both hashes under the same public key");
  auto k1 = s.CreateExternalKey("K1", KeySpec::kRsa2048);
  auto p1 = k1 ? s.GetParameters("P1", *k1, WrappingAlgorithm::kRsaAesKeyWrapSha256)
               : std::nullopt;
  if (!p1) return s.Finish();
  const Material m = KeyMaterial(s, "M", KeySpec::kRsa2048);
  auto w256 = s.Wrap("W256", *p1, m);
  auto w1 = s.Wrap("W1", *p1, m, WrappingAlgorithm::kRsaAesKeyWrapSha1);
  if (!w256 || !w1) return s.Finish();
  const ControlRef same_token = s.NewControl(
      "the same material wrapped with RSA_AES_KEY_WRAP_SHA_256 imports into K1 with the same "
      "token");
  s.Probe("ImportKeyMaterial of the RSA_AES_KEY_WRAP_SHA_1 hybrid with an "
          "RSA_AES_KEY_WRAP_SHA_256 token");
  s.judge().ExpectError(Summarize(s.Import(*k1, *p1, *w1)),
                        {ErrorType::kInvalidCiphertextException},
                        "material wrapped with RSA_AES_KEY_WRAP_SHA_1 for a SHA_256 token",
                        {same_token});
  s.Probe("ImportKeyMaterial of the RSA_AES_KEY_WRAP_SHA_256 hybrid");
  s.Control(same_token);
  const ReplySummary imported = Summarize(s.Import(*k1, *p1, *w256));
  s.judge().ControlReply(same_token, imported);
  if (s.judge().ExpectSuccess(imported,
                              "an RSA-2048 private key imports with RSA_AES_KEY_WRAP_SHA_256")) {
    auto r = s.GetPublicKey(k1->key_id);
    s.judge().Check(r.ok() && r.value().public_key == spki,
                    "GetPublicKey of K1 after the SHA_256 import",
                    "the imported key's SubjectPublicKeyInfo", SpkiSeen(r, spki));
  }

  s.Setup("an EXTERNAL RSA_2048 key K2 and parameters for RSA_AES_KEY_WRAP_SHA_1");
  auto k2 = s.CreateExternalKey("K2", KeySpec::kRsa2048);
  auto p2 = k2 ? s.GetParameters("P2", *k2, WrappingAlgorithm::kRsaAesKeyWrapSha1)
               : std::nullopt;
  if (!p2) return s.Finish();
  auto w2 = s.Wrap("W2", *p2, m);
  if (!w2) return s.Finish();
  s.Probe("ImportKeyMaterial of the RSA_AES_KEY_WRAP_SHA_1 hybrid");
  if (s.judge().ExpectSuccess(Summarize(s.Import(*k2, *p2, *w2)),
                              "an RSA-2048 private key imports with RSA_AES_KEY_WRAP_SHA_1")) {
    auto r = s.GetPublicKey(k2->key_id);
    s.judge().Check(r.ok() && r.value().public_key == spki,
                    "GetPublicKey of K2 after the SHA_1 import",
                    "the imported key's SubjectPublicKeyInfo", SpkiSeen(r, spki));
  }
  return s.Finish();
}

// ---------------------------------------------------------------- ikm.asymmetric-in-use

struct SigningCase {
  std::string var;
  KeySpec spec;
  SigningAlgorithm algorithm;
  crypto::SignatureScheme scheme;
  crypto::DigestAlg hash;
};

// ImportFixed: an EXTERNAL key (from `request`) with the fixed key of its spec imported. RSA
// material needs a hybrid; EC material fits RSAES_OAEP_SHA_256 under RSA_2048 (190 bytes)
// except P-521's (241 bytes), which takes the hybrid too.
std::optional<KeyRef> ImportFixed(Session& s, std::string_view var,
                                  const codec::CreateKeyRequest& request) {
  const KeySpec spec = request.key_spec.value_or(KeySpec::kSymmetricDefault);
  const std::string v(var);
  auto k = s.CreateKey(v, request);
  const Material m = KeyMaterial(s, "M" + v, spec);
  auto p = k ? s.GetParameters("P" + v, *k, WrapFor(m.bytes.size())) : std::nullopt;
  auto w = p ? s.Wrap("W" + v, *p, m) : std::nullopt;
  if (!w || !s.ImportForSetup(*k, *p, *w)) return std::nullopt;
  return k;
}

// ikm.asymmetric-in-use: imported RSA and ECC private keys are the ones in use.
report::RuleResult AsymmetricInUse(Context& ctx) {
  Session s(ctx, "ikm.asymmetric-in-use");
  using crypto::DigestAlg;
  using crypto::SignatureScheme;
  const std::vector<SigningCase> cases = {
      {"R2048", KeySpec::kRsa2048, SigningAlgorithm::kRsassaPssSha256, SignatureScheme::kRsaPss,
       DigestAlg::kSha256},
      {"R3072", KeySpec::kRsa3072, SigningAlgorithm::kRsassaPkcs1V15Sha384,
       SignatureScheme::kRsaPkcs1V15, DigestAlg::kSha384},
      {"R4096", KeySpec::kRsa4096, SigningAlgorithm::kRsassaPssSha512, SignatureScheme::kRsaPss,
       DigestAlg::kSha512},
      {"E256", KeySpec::kEccNistP256, SigningAlgorithm::kEcdsaSha256, SignatureScheme::kEcdsa,
       DigestAlg::kSha256},
      {"E384", KeySpec::kEccNistP384, SigningAlgorithm::kEcdsaSha384, SignatureScheme::kEcdsa,
       DigestAlg::kSha384},
      {"E521", KeySpec::kEccNistP521, SigningAlgorithm::kEcdsaSha512, SignatureScheme::kEcdsa,
       DigestAlg::kSha512},
      {"EK1", KeySpec::kEccSecgP256k1, SigningAlgorithm::kEcdsaSha256, SignatureScheme::kEcdsa,
       DigestAlg::kSha256},
  };
  for (const SigningCase& c : cases) {
    const std::string spec = Wire(c.spec);
    const crypto::PrivateKey& key = MaterialKey(c.spec);
    const Bytes& spki = key.Public().SpkiDer();
    s.Setup("an EXTERNAL " + spec + " SIGN_VERIFY key " + c.var + " with a fixed " + spec +
            " private key imported");
    auto k = ImportFixed(s, c.var, Session::ExternalKeyRequest(c.spec, "kmsconform ikm.asymmetric-in-use"));
    if (!k) continue;
    s.Probe(c.var + ": GetPublicKey is the imported key's public half");
    {
      auto r = s.GetPublicKey(k->key_id);
      s.judge().Check(r.ok() && r.value().public_key == spki, c.var + ": GetPublicKey",
                      "the imported key's SubjectPublicKeyInfo", SpkiSeen(r, spki));
    }
    const std::string alg = Wire(c.algorithm);
    const Bytes message = ToBytes("kmsconform ikm.asymmetric-in-use " + c.var);
    const Bytes digest = crypto::Digest(c.hash, message);
    s.Probe(c.var + ": the target's " + alg + " signature verifies locally");
    {
      auto r = s.Sign(k->key_id, message, "MSG" + c.var, c.algorithm);
      if (s.judge().ExpectSuccess(Summarize(r), c.var + ": Sign " + alg)) {
        const bool ok = r.value().signature &&
                        crypto::VerifyDigest(key.Public(), c.scheme, c.hash, digest,
                                             *r.value().signature);
        s.judge().Check(ok, c.var + ": the target's signature verifies with the imported key",
                        "a valid " + alg + " signature under the imported public key",
                        r.value().signature ? "a signature that does not verify under it"
                                            : "no Signature in the reply");
      }
    }
    Result<Bytes> local = crypto::SignDigest(key, c.scheme, c.hash, digest);
    if (!local.ok()) {
      s.judge().Error("setup: a local " + alg + " signature", local.status().message());
      continue;
    }
    const ControlRef good =
        s.NewControl(c.var + ": the local signature of the same message verifies on the target "
                     "(SignatureValid true)");
    s.Probe(c.var + ": a local signature with its last byte changed is refused");
    const std::vector<std::string> sign_lines =
        SignLines("M" + c.var, c.scheme, c.hash, "MSG" + c.var, "SIG" + c.var);
    s.judge().ExpectError(Summarize(s.Verify(k->key_id, message, "MSG" + c.var, FlipLast(*local),
                                             "BADSIG" + c.var, c.algorithm,
                                             Join(sign_lines,
                                                  FlipLastLines("SIG" + c.var, "BADSIG" + c.var)))),
                          {ErrorType::kKMSInvalidSignatureException},
                          c.var + ": Verify of a wrong signature", {good});
    s.Probe(c.var + ": a local signature verifies on the target");
    s.Control(good);
    {
      auto r = s.Verify(k->key_id, message, "MSG" + c.var, *local, "SIG" + c.var, c.algorithm,
                        sign_lines);
      const bool ok = r.ok() && r.value().signature_valid == true;
      const std::string seen = !r.ok()                     ? Summarize(r).Describe()
                               : r.value().signature_valid ? "SignatureValid " +
                                                                 std::string(*r.value().signature_valid
                                                                                 ? "true"
                                                                                 : "false")
                                                           : "no SignatureValid in the reply";
      s.judge().ControlCheck(good, ok, seen);
      s.judge().Check(ok, c.var + ": Verify of a local " + alg + " signature",
                      "SignatureValid true", seen);
    }
  }

  // An RSA_2048 ENCRYPT_DECRYPT key: RSAES_OAEP_SHA_256 ciphertexts cross both ways.
  s.Setup("an EXTERNAL RSA_2048 ENCRYPT_DECRYPT key RE with the fixed RSA-2048 key imported");
  codec::CreateKeyRequest req =
      Session::ExternalKeyRequest(KeySpec::kRsa2048, "kmsconform ikm.asymmetric-in-use");
  req.key_usage = KeyUsage::kEncryptDecrypt;
  auto re = ImportFixed(s, "RE", req);
  if (!re) return s.Finish();
  const crypto::PrivateKey& rsa = MaterialKey(KeySpec::kRsa2048);
  const auto oaep = EncryptionAlgorithm::kRsaesOaepSha256;
  {
    s.Probe("RE: a local RSAES_OAEP_SHA_256 ciphertext decrypts on the target");
    const Bytes plain = s.RandomBytes(32);
    Result<Bytes> blob = crypto::RsaOaepEncrypt(rsa.Public(), crypto::HashAlg::kSha256, {}, plain);
    if (!blob.ok()) {
      s.judge().Error("setup: a local RSAES_OAEP_SHA_256 encryption", blob.status().message());
    } else {
      // The script encrypts with its own material (an equivalent key, not the fixed one).
      s.repro().Line("openssl rand -out \"$W/CLOCAL.plain\" 32");
      s.repro().Line(
          "openssl pkeyutl -encrypt -inkey \"$W/MRE.bin\" -keyform DER -pkeyopt "
          "rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256 -in "
          "\"$W/CLOCAL.plain\" -out \"$W/CLOCAL.bin\"");
      auto r = s.DecryptWith(re->key_id, *blob, "CLOCAL", oaep);
      if (s.judge().ExpectSuccess(Summarize(r), "RE: Decrypt of a local ciphertext")) {
        s.judge().Check(r.value().plaintext == plain,
                        "RE: Decrypt of a local ciphertext gives its plaintext",
                        "the plaintext encrypted locally",
                        r.value().plaintext ? "other bytes" : "no Plaintext in the reply");
      }
    }
  }
  {
    s.Probe("RE: the target's RSAES_OAEP_SHA_256 ciphertext decrypts locally");
    const Bytes plain = s.RandomBytes(32);
    auto r = s.EncryptWith(re->key_id, plain, "CTARGET", oaep);
    if (s.judge().ExpectSuccess(Summarize(r), "RE: Encrypt with RSAES_OAEP_SHA_256")) {
      Result<Bytes> back =
          r.value().ciphertext_blob
              ? crypto::RsaOaepDecrypt(rsa, crypto::HashAlg::kSha256, {}, *r.value().ciphertext_blob)
              : Result<Bytes>(InvalidArgumentError("no CiphertextBlob"));
      s.judge().Check(back.ok() && *back == plain,
                      "RE: the target's ciphertext decrypts with the imported private key",
                      "the plaintext sent to Encrypt",
                      !r.value().ciphertext_blob ? "no CiphertextBlob in the reply"
                      : back.ok()                ? "other bytes"
                                                 : "a ciphertext the imported key cannot decrypt");
    }
  }
  return s.Finish();
}

// ---------------------------------------------------------------- ikm.hmac-in-use

// ikm.hmac-in-use: imported HMAC material is the one in use, for each HMAC key spec with its
// shortest material and a longer one.
report::RuleResult HmacInUse(Context& ctx) {
  Session s(ctx, "ikm.hmac-in-use");
  struct Case {
    KeySpec spec;
    MacAlgorithm algorithm;
    crypto::DigestAlg hash;
    std::size_t size;
  };
  const std::vector<Case> cases = {
      {KeySpec::kHmac224, MacAlgorithm::kHmacSha224, crypto::DigestAlg::kSha224, 28},
      {KeySpec::kHmac224, MacAlgorithm::kHmacSha224, crypto::DigestAlg::kSha224, 64},
      {KeySpec::kHmac256, MacAlgorithm::kHmacSha256, crypto::DigestAlg::kSha256, 32},
      {KeySpec::kHmac256, MacAlgorithm::kHmacSha256, crypto::DigestAlg::kSha256, 64},
      {KeySpec::kHmac384, MacAlgorithm::kHmacSha384, crypto::DigestAlg::kSha384, 48},
      {KeySpec::kHmac384, MacAlgorithm::kHmacSha384, crypto::DigestAlg::kSha384, 128},
      {KeySpec::kHmac512, MacAlgorithm::kHmacSha512, crypto::DigestAlg::kSha512, 64},
      {KeySpec::kHmac512, MacAlgorithm::kHmacSha512, crypto::DigestAlg::kSha512, 128},
  };
  for (const Case& c : cases) {
    const std::string spec = Wire(c.spec);
    const std::string alg = Wire(c.algorithm);
    const std::string v = "H" + spec.substr(5) + "_" + std::to_string(c.size);
    s.Setup("an EXTERNAL " + spec + " key " + v + " with " + std::to_string(c.size) +
            " bytes of material imported");
    auto prepared = s.PrepareImport(v, c.spec, WrappingAlgorithm::kRsaesOaepSha256, c.size);
    if (!prepared || !s.ImportForSetup(prepared->key, prepared->params, prepared->wrapped)) {
      continue;
    }
    const KeyRef& k = prepared->key;
    const Bytes message = ToBytes("kmsconform ikm.hmac-in-use " + v);
    Result<Bytes> local = crypto::Hmac(c.hash, prepared->material.bytes, message);
    if (!local.ok()) {
      s.judge().Error("setup: a local " + alg, local.status().message());
      continue;
    }
    s.Probe(v + ": GenerateMac equals the local " + alg + " of the material");
    {
      auto r = s.GenerateMac(k.key_id, message, "MSG" + v, c.algorithm);
      if (s.judge().ExpectSuccess(Summarize(r), v + ": GenerateMac " + alg)) {
        s.judge().Check(r.value().mac == *local, v + ": GenerateMac",
                        "HMAC(imported material, message) computed locally",
                        r.value().mac ? "another MAC (" + std::to_string(r.value().mac->size()) +
                                            " bytes)"
                                      : "no Mac in the reply");
      }
    }
    const ControlRef good = s.NewControl(
        v + ": VerifyMac of the local MAC of the same message is MacValid true");
    s.Probe(v + ": a MAC with its last byte changed is refused");
    const std::vector<std::string> mac_lines =
        MacLines(prepared->material.var, c.hash, "MSG" + v, "MAC" + v);
    s.judge().ExpectError(Summarize(s.VerifyMac(k.key_id, message, "MSG" + v, FlipLast(*local),
                                                "BADMAC" + v, c.algorithm,
                                                Join(mac_lines,
                                                     FlipLastLines("MAC" + v, "BADMAC" + v)))),
                          {ErrorType::kKMSInvalidMacException}, v + ": VerifyMac of a wrong MAC",
                          {good});
    s.Probe(v + ": VerifyMac of the local MAC");
    s.Control(good);
    {
      auto r = s.VerifyMac(k.key_id, message, "MSG" + v, *local, "MAC" + v, c.algorithm,
                           mac_lines);
      const bool ok = r.ok() && r.value().mac_valid == true;
      const std::string seen =
          !r.ok()               ? Summarize(r).Describe()
          : r.value().mac_valid ? std::string("MacValid ") + (*r.value().mac_valid ? "true" : "false")
                                : "no MacValid in the reply";
      s.judge().ControlCheck(good, ok, seen);
      s.judge().Check(ok, v + ": VerifyMac of the local " + alg, "MacValid true", seen);
    }
  }
  return s.Finish();
}

// ---------------------------------------------------------------- ikm.edwards-mldsa

// ikm.edwards-mldsa: never judged. The target is asked for EXTERNAL Ed25519 and ML-DSA keys
// and its answers are kept as evidence; the row is `skip`.
report::RuleResult EdwardsMlDsa(Context& ctx) {
  Session s(ctx, "ikm.edwards-mldsa");
  std::string answers;
  for (KeySpec spec : {KeySpec::kEccNistEdwards25519, KeySpec::kMlDsa44}) {
    const std::string name = Wire(spec);
    const std::string v = spec == KeySpec::kEccNistEdwards25519 ? "ED" : "MLDSA";
    s.Try("CreateKey Origin=EXTERNAL KeySpec=" + name + " KeyUsage=SIGN_VERIFY");
    ReplySummary reply;
    auto k = s.TryCreateKey(
        v, Session::ExternalKeyRequest(spec, "kmsconform ikm.edwards-mldsa"), reply);
    if (!answers.empty()) answers += "; ";
    answers += name + ": " + (k ? "created (" + reply.Describe() + ")" : reply.Describe());
  }
  s.judge().Skip(
      "OpenSSL 3.0 cannot verify ED25519_PH_SHA_512 or ML-DSA signatures: the imported material "
      "cannot be proven in use; AWS's import stance for these specs is inferred (the model lists "
      "signing keys among the importable types). CreateKey(Origin=EXTERNAL) answered: " +
      answers);
  return s.Finish();
}

}  // namespace

std::vector<ScenarioSpec> IkmUseScenarios() {
  return {
      {"ikm.material-format", MaterialFormat, false},
      {"ikm.large-material-wrap", LargeMaterialWrap, false},
      {"ikm.asymmetric-in-use", AsymmetricInUse, false},
      {"ikm.hmac-in-use", HmacInUse, false},
      {"ikm.edwards-mldsa", EdwardsMlDsa, false},
  };
}

}  // namespace kc::scenarios
