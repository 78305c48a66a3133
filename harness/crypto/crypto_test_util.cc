#include "harness/crypto/crypto_test_util.h"

#include <array>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace kc::crypto::testing {

nlohmann::json LoadWycheproof(std::string_view file) {
  const std::string path =
      std::string(KC_TEST_SRCDIR) + "/testdata/wycheproof/" + std::string(file);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot open " << path;
    return nullptr;
  }
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("testGroups")) {
    ADD_FAILURE() << "malformed Wycheproof file " << path;
    return nullptr;
  }
  return doc;
}

Bytes Hex(const nlohmann::json& field) {
  if (!field.is_string()) {
    ADD_FAILURE() << "hex field is not a string: " << field.dump();
    return {};
  }
  std::optional<Bytes> b = HexDecode(field.get<std::string>());
  if (!b) {
    ADD_FAILURE() << "bad hex: " << field.get<std::string>();
    return {};
  }
  return *b;
}

std::string TestCaseName(std::string_view file, const nlohmann::json& test) {
  return std::string(file) + " tcId " + test.value("tcId", nlohmann::json(-1)).dump() + " (" +
         test.value("comment", std::string()) + ")";
}

PrivateKey GroupKey(const nlohmann::json& group) {
  Result<PrivateKey> key = PrivateKey::FromPkcs8Der(Hex(group.at("privateKeyPkcs8")));
  if (!key.ok()) {
    ADD_FAILURE() << "group key does not parse: " << key.status().ToString();
    std::abort();
  }
  return *key;
}

HashAlg HashOf(const nlohmann::json& sha) {
  if (sha == "SHA-1") return HashAlg::kSha1;
  if (sha != "SHA-256") ADD_FAILURE() << "unexpected hash " << sha.dump();
  return HashAlg::kSha256;
}

namespace {

// LoadPemKey: testdata/keys/<file>, an unencrypted PKCS#8 PEM ("PRIVATE KEY").
PrivateKey LoadPemKey(const std::string& file) {
  const std::string path = std::string(KC_TEST_SRCDIR) + "/testdata/keys/" + file;
  std::ifstream in(path);
  std::string line;
  std::string body;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line == "-----BEGIN PRIVATE KEY-----") {
      inside = true;
    } else if (line == "-----END PRIVATE KEY-----") {
      break;
    } else if (inside) {
      body += line;
    }
  }
  std::optional<Bytes> der = Base64DecodeStrict(body);
  if (!der) {
    ADD_FAILURE() << "cannot read the PEM key " << path;
    std::abort();
  }
  Result<PrivateKey> key = PrivateKey::FromPkcs8Der(*der);
  if (!key.ok()) {
    ADD_FAILURE() << path << ": " << key.status().ToString();
    std::abort();
  }
  return *key;
}

PrivateKey* LoadFixed2048() {
  const nlohmann::json doc = LoadWycheproof(kOaepSha256File);
  if (doc.is_null()) std::abort();
  return new PrivateKey(GroupKey(doc.at("testGroups").at(0)));
}

}  // namespace

// The keys below are never freed: usable until exit, from any test.

const PrivateKey& FixedRsaKey(int bits) {
  switch (bits) {
    case 2048: {
      static const PrivateKey* const key = LoadFixed2048();
      return *key;
    }
    case 3072: {
      static const PrivateKey* const key = new PrivateKey(LoadPemKey("rsa_3072.pem"));
      return *key;
    }
    case 4096: {
      static const PrivateKey* const key = new PrivateKey(LoadPemKey("rsa_4096.pem"));
      return *key;
    }
    default:
      std::abort();
  }
}

const PrivateKey& GeneratedRsa2048Key() {
  static const PrivateKey* const key = [] {
    Result<PrivateKey> k = GenerateRsaKey(2048);
    if (!k.ok()) std::abort();
    return new PrivateKey(*k);
  }();
  return *key;
}

}  // namespace kc::crypto::testing
