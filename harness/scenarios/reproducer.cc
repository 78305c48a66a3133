#include "harness/scenarios/reproducer.h"

#include <algorithm>
#include <cstdio>

#include "harness/common/utf8.h"

namespace kc::scenarios {

std::string ShellQuote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += "'";
  return out;
}

Reproducer::Reproducer(std::string_view rule_id, std::string_view endpoint,
                       std::string_view region)
    : rule_id_(rule_id), endpoint_(endpoint), region_(region) {}

void Reproducer::Bind(std::string_view value, std::string_view var) {
  if (value.empty()) return;
  bindings_.emplace_back(std::string(value), std::string(var));
  // Longest values first, so an ARN is replaced before the key id inside it.
  std::stable_sort(bindings_.begin(), bindings_.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

std::string Reproducer::Substitute(std::string_view text) const {
  std::string out(text);
  for (const auto& [value, var] : bindings_) {
    const std::string ref = "${" + var + "}";
    std::size_t pos = 0;
    while ((pos = out.find(value, pos)) != std::string::npos) {
      out.replace(pos, value.size(), ref);
      pos += ref.size();
    }
  }
  return out;
}

void Reproducer::Comment(std::string_view text) { lines_.push_back("# " + std::string(text)); }

void Reproducer::Line(std::string_view command) {
  const bool call = command.starts_with("kms ") || command.starts_with("kms_other ");
  if (probe_ && call) {
    lines_.push_back(std::string(command) +
                     " && echo '=> accepted' || echo \"=> refused (exit $?)\"");
  } else {
    lines_.emplace_back(command);
  }
}

void Reproducer::Expect(std::string_view what) {
  lines_.push_back("#   AWS answers: " + std::string(what));
}

void Reproducer::Raw(std::string_view target, std::string_view body,
                     std::string_view content_type, bool sign) {
  std::string cmd = "curl -sS -i \"$EP/\"";
  if (sign) cmd += " --aws-sigv4 \"aws:amz:$AWS_DEFAULT_REGION:kms\" --user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\"";
  if (!target.empty()) cmd += " -H " + ShellQuote("X-Amz-Target: " + std::string(target));
  if (!content_type.empty()) cmd += " -H " + ShellQuote("Content-Type: " + std::string(content_type));
  cmd += " --data-binary @-";
  const bool text = IsValidUtf8(body) && std::none_of(body.begin(), body.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\n' && c != '\t') || u == 0x7F;
  });
  if (!text) {
    // Bytes a script cannot hold as text: printf with octal escapes.
    std::string octal = "printf '";
    for (char c : body) {
      const auto u = static_cast<unsigned char>(c);
      if (u >= 0x20 && u < 0x7F && c != '\'' && c != '\\' && c != '%') {
        octal += c;
      } else {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\%03o", u);
        octal += buf;
      }
    }
    lines_.push_back(octal + "' | " + cmd + (probe_ ? "\necho" : ""));
    return;
  }
  // Escape what an unquoted here-document would expand, then let the bound variables in.
  std::string escaped;
  for (char c : std::string(body)) {
    if (c == '$' || c == '`' || c == '\\') escaped += '\\';
    escaped += c;
  }
  for (const auto& [value, var] : bindings_) {
    const std::string ref = "${" + var + "}";
    std::size_t pos = 0;
    while ((pos = escaped.find(value, pos)) != std::string::npos) {
      escaped.replace(pos, value.size(), ref);
      pos += ref.size();
    }
  }
  cmd += " <<EOF\n" + escaped + "\nEOF";
  if (probe_) cmd += "\necho";
  lines_.push_back(std::move(cmd));
}

std::string Reproducer::Script() const {
  std::string s = "#!/bin/sh\n";
  s += "# Reproduces " + rule_id_ + " (kmsconform) against " + endpoint_ + ".\n";
  s += "# Needs the AWS CLI v2 (/usr/bin/aws), openssl and curl. Credentials come from the\n";
  s += "# environment (default test/test); the region from AWS_DEFAULT_REGION.\n";
  s += "set -eu\n";
  s += "EP=" + ShellQuote(endpoint_) + "\n";
  s += "export AWS_ACCESS_KEY_ID=\"${AWS_ACCESS_KEY_ID:-test}\"\n";
  s += "export AWS_SECRET_ACCESS_KEY=\"${AWS_SECRET_ACCESS_KEY:-test}\"\n";
  s += "export AWS_DEFAULT_REGION=\"${AWS_DEFAULT_REGION:-" + region_ + "}\"\n";
  s += "AWS=\"${AWS:-/usr/bin/aws}\"\n";
  s += "kms() { \"$AWS\" --endpoint-url \"$EP\" kms \"$@\"; }\n";
  if (uses_other_) {
    s += "# A second identity in another account:\n";
    s += "kms_other() { AWS_ACCESS_KEY_ID=\"${OTHER_AWS_ACCESS_KEY_ID:?set it}\" "
         "AWS_SECRET_ACCESS_KEY=\"${OTHER_AWS_SECRET_ACCESS_KEY:?set it}\" \"$AWS\" "
         "--endpoint-url \"$EP\" kms \"$@\"; }\n";
  }
  s += "W=$(mktemp -d)\n";
  s += "trap 'rm -rf \"$W\"' EXIT\n\n";
  for (const std::string& line : lines_) s += line + "\n";
  return s;
}

std::vector<std::string> OpensslWrapCommands(contract::WrappingAlgorithm alg, std::string_view pub,
                                             std::string_view in, std::string_view out) {
  using contract::WrappingAlgorithm;
  const std::string p(pub), i(in), o(out);
  const std::string rsa = "openssl pkeyutl -encrypt -pubin -keyform DER -inkey \"" + p + "\"";
  switch (alg) {
    case WrappingAlgorithm::kRsaesPkcs1V15:
      return {rsa + " -pkeyopt rsa_padding_mode:pkcs1 -in \"" + i + "\" -out \"" + o + "\""};
    case WrappingAlgorithm::kRsaesOaepSha1:
      return {rsa + " -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha1 -pkeyopt "
                    "rsa_mgf1_md:sha1 -in \"" + i + "\" -out \"" + o + "\""};
    case WrappingAlgorithm::kRsaesOaepSha256:
      return {rsa + " -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt "
                    "rsa_mgf1_md:sha256 -in \"" + i + "\" -out \"" + o + "\""};
    case WrappingAlgorithm::kRsaAesKeyWrapSha1:
    case WrappingAlgorithm::kRsaAesKeyWrapSha256: {
      const std::string md = alg == WrappingAlgorithm::kRsaAesKeyWrapSha1 ? "sha1" : "sha256";
      return {
          "openssl rand -out \"" + o + ".aes\" 32",
          rsa + " -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:" + md +
              " -pkeyopt rsa_mgf1_md:" + md + " -in \"" + o + ".aes\" -out \"" + o + ".rsa\"",
          "openssl enc -id-aes256-wrap-pad -iv A65959A6 -K \"$(od -An -tx1 -v \"" + o +
              ".aes\" | tr -d ' \\n')\" -in \"" + i + "\" -out \"" + o + ".kwp\"",
          "cat \"" + o + ".rsa\" \"" + o + ".kwp\" > \"" + o + "\""};
    }
    case WrappingAlgorithm::kSm2Pke:
      return {"# SM2PKE wrapping is out of scope (China Regions only)"};
  }
  return {};
}

}  // namespace kc::scenarios
