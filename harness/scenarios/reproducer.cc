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

Reproducer::Reproducer(std::string_view rule_id, std::string_view endpoint, std::string_view region)
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

void Reproducer::Heading(std::string_view text) {
  lines_.emplace_back("");
  lines_.push_back("# " + std::string(text));
  lines_.push_back("kc_heading " + ShellQuote(text));
}

void Reproducer::Line(std::string_view command) {
  // A failed wrap (e.g. a PublicKey that is not a DER SPKI) means the script cannot go on.
  if (command.starts_with("openssl ")) {
    lines_.push_back(std::string(command) + " || kc_cannot 'openssl failed'");
  } else {
    lines_.emplace_back(command);
  }
}

int Reproducer::Call(StepKind kind, std::string_view command) {
  steps_.push_back(Step{kind, std::string(command), ""});
  lines_.push_back("\x01" + std::to_string(steps_.size() - 1));
  return last_step();
}

void Reproducer::Expect(int step, std::string expectation, bool firm) {
  if (step < 0 || step >= static_cast<int>(steps_.size())) return;
  Step& s = steps_[static_cast<std::size_t>(step)];
  s.expect = std::move(expectation);
  s.firm = firm;
}

void Reproducer::Check(std::string_view what, std::string_view aws, std::string_view condition) {
  lines_.push_back("kc_check " + ShellQuote(what) + " " + ShellQuote(aws) + " " +
                   ShellQuote(condition));
}

void Reproducer::Judged(int step, std::string expectation) {
  if (step < 0 || step >= static_cast<int>(steps_.size())) return;
  Step& s = steps_[static_cast<std::size_t>(step)];
  s.kind = StepKind::kProbe;
  if (!expectation.empty() && !s.firm) s.expect = std::move(expectation);
}

std::pair<std::string, std::string> Reproducer::CurlCommand(std::string_view target,
                                                            std::string_view body,
                                                            std::string_view content_type,
                                                            bool sign) const {
  std::string cmd = "curl -sS -i --max-time 30 \"$EP/\"";
  if (sign) {
    cmd +=
        " --aws-sigv4 \"aws:amz:$AWS_DEFAULT_REGION:kms\" --user "
        "\"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\"";
  }
  if (!target.empty()) cmd += " -H " + ShellQuote("X-Amz-Target: " + std::string(target));
  if (!content_type.empty()) {
    cmd += " -H " + ShellQuote("Content-Type: " + std::string(content_type));
  }
  const bool text = IsValidUtf8(body) && std::none_of(body.begin(), body.end(), [](char c) {
                      const auto u = static_cast<unsigned char>(c);
                      return (u < 0x20 && c != '\n' && c != '\t') || u == 0x7F;
                    });
  std::string prepare;
  if (!text) {
    // Bytes a script cannot hold as text: printf with octal escapes into a file.
    prepare = "printf '";
    for (char c : body) {
      const auto u = static_cast<unsigned char>(c);
      if (u >= 0x20 && u < 0x7F && c != '\'' && c != '\\' && c != '%') {
        prepare += c;
      } else {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\%03o", u);
        prepare += buf;
      }
    }
    prepare += "' > \"$W/body\"";
  } else {
    // An unquoted here-document: escape what it would expand, then let bound variables in.
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
    prepare = "cat > \"$W/body\" <<EOF\n" + escaped + "\nEOF";
  }
  return {cmd + " --data-binary @\"$W/body\"", prepare};
}

int Reproducer::Raw(StepKind kind, std::string_view target, std::string_view body,
                    std::string_view content_type, bool sign) {
  auto [cmd, prepare] = CurlCommand(target, body, content_type, sign);
  lines_.push_back(prepare);
  return Call(kind, cmd);
}

void Reproducer::Send(std::string_view target, std::string_view body,
                      std::string_view content_type) {
  auto [cmd, prepare] = CurlCommand(target, body, content_type, true);
  lines_.push_back(prepare);
  lines_.push_back(cmd + " > /dev/null 2>&1");
}

std::string Reproducer::Render(const Step& step) const {
  std::string expect = step.expect;
  if (expect.empty()) {
    expect = step.kind == StepKind::kProbe || step.kind == StepKind::kTry ? "any" : "ok";
  }
  const char* kind = "probe";
  switch (step.kind) {
    case StepKind::kSetup:
      kind = "setup";
      break;
    case StepKind::kProbe:
      kind = "probe";
      break;
    case StepKind::kControl:
      kind = "control";
      break;
    case StepKind::kTry:
      kind = "try";
      break;
  }
  std::string call =
      std::string("kc_run ") + kind + " " + ShellQuote(expect) + " -- " + step.command;
  // A step that uses a key the target may have refused to create runs only if it exists.
  for (const std::string& var : optional_) {
    if (step.command.find("${" + var + "}") != std::string::npos ||
        step.command.find("$" + var + "\"") != std::string::npos) {
      return "if [ -n \"${" + var + ":-}\" ]; then " + call + "; else echo \"  skipped: " + var +
             " was not created (refused at CreateKey)\"; fi";
    }
  }
  return call;
}

std::string Reproducer::Script() const {
  std::string s = "#!/bin/sh\n";
  s += "# Reproduces " + rule_id_ + " (kmsconform): replays the run's steps and says, step by\n";
  s += "# step, what AWS does and what the target did. Against a freshly started target:\n";
  s += "#   KC_ENDPOINT=http://127.0.0.1:4566 sh " + rule_id_ + ".sh\n";
  s += "# Needs the AWS CLI v2 (/usr/bin/aws, or $AWS), openssl and curl. Credentials come from\n";
  s += "# the environment (default test/test). Exit: 1 the departure shows; 0 the target\n";
  s += "# conforms; 2 could not run or judge (unreachable, a tool missing, a setup step or a\n";
  s += "# control failed).\n";
  s += "EP=\"${KC_ENDPOINT:-" + endpoint_ + "}\"\n";
  s += "export AWS_ACCESS_KEY_ID=\"${AWS_ACCESS_KEY_ID:-test}\"\n";
  s += "export AWS_SECRET_ACCESS_KEY=\"${AWS_SECRET_ACCESS_KEY:-test}\"\n";
  s += "export AWS_DEFAULT_REGION=\"${AWS_DEFAULT_REGION:-" + region_ + "}\"\n";
  s += "export AWS_MAX_ATTEMPTS=1 AWS_RETRY_MODE=standard AWS_PAGER=\n";
  s += "AWS=\"${AWS:-/usr/bin/aws}\"\n";
  if (uses_aws_data_) {
    s += "# Profile 2026: RotateKeyOnDemand, ListKeyRotations, ImportType, KeyMaterialId... need\n"
         "# the 2026 KMS model, which an older AWS CLI (Debian 12's 2.9.19) lacks: the run wrote\n"
         "# it beside this script (aws-data/), used unless AWS_DATA_PATH is set.\n";
    s += "kc_here=$(cd \"$(dirname \"$0\")\" 2>/dev/null && pwd)\n";
    s += "if [ -z \"${AWS_DATA_PATH:-}\" ] && [ -f \"$kc_here/aws-data/kms/2014-11-01/service-2.json\" ]; "
         "then\n  export AWS_DATA_PATH=\"$kc_here/aws-data\"\nfi\n";
  }
  s += R"sh(for tool in "$AWS" openssl curl base64 od cmp; do
  command -v "$tool" >/dev/null 2>&1 || { echo "could not run: $tool is missing"; exit 2; }
done
W=$(mktemp -d) || exit 2
trap 'rm -rf "$W"' EXIT
kms() { "$AWS" --endpoint-url "$EP" --debug kms "$@"; }
)sh";
  if (uses_other_) {
    s += "# A second identity, in another account:\n";
    s += "kms_other() {\n"
         "  if [ -z \"${OTHER_AWS_ACCESS_KEY_ID:-}\" ] || [ -z "
         "\"${OTHER_AWS_SECRET_ACCESS_KEY:-}\" ]; "
         "then\n"
         "    echo 'this step needs a second identity in another account: set "
         "OTHER_AWS_ACCESS_KEY_ID and OTHER_AWS_SECRET_ACCESS_KEY' >&2; return 99\n  fi\n"
         "  AWS_ACCESS_KEY_ID=\"$OTHER_AWS_ACCESS_KEY_ID\" "
         "AWS_SECRET_ACCESS_KEY=\"$OTHER_AWS_SECRET_ACCESS_KEY\" \\\n"
         "    \"$AWS\" --endpoint-url \"$EP\" --debug kms \"$@\"\n}\n";
  }
  s += R"sh(departures=0; unjudged=0; calls=0
# The target's clock as far as this script moved it (mock-kms --test-hooks), and kc_at N:
# the ISO-8601 time N seconds after the target's now.
kc_offset=0
kc_at() { date -u -d "@$(( $(date +%s) + kc_offset + $1 ))" +%Y-%m-%dT%H:%M:%SZ; }
kc_cannot() { echo "could not run: $1"; exit 2; }
kc_heading() { echo; echo "$1"; }
# kc_outcome RC COMMAND: what the target did: kc_got (accepted, refused, 5xx, nonaws, noreply,
# other) and kc_text; the AWS CLI's --debug log is in $W/err, curl -i's reply in $W/out.
kc_outcome() {
  kc_type=""; kc_status=""
  if [ "$2" = curl ]; then
    case "$1" in
      0) ;;
      7) kc_got=noreply; kc_text="no reply: nothing is listening on $EP"; return ;;
      28) kc_got=noreply; kc_text="no reply: timed out"; return ;;
      52|56) kc_got=noreply; kc_text="no reply: the connection was dropped"; return ;;
      *) kc_got=other; kc_text="curl failed (exit $1)"; return ;;
    esac
    kc_status=$(sed -n '1s/^HTTP\/[0-9.]* \([0-9][0-9]*\).*/\1/p' "$W/out")
    kc_type=$(sed '1,/^\r*$/d' "$W/out" | tr -d '\n' | sed -n 's/.*"__type" *: *"\([^"]*\)".*/\1/p' | sed 's/.*#//; s/:.*//')
    case "$kc_status" in
      2??) kc_got=accepted; kc_text="accepted (HTTP $kc_status)" ;;
      *) if [ -z "$kc_type" ]; then kc_got=nonaws; kc_text="HTTP $kc_status without an AWS error type"
         elif [ "$kc_status" -ge 500 ]; then kc_got=5xx; kc_text="HTTP $kc_status $kc_type"
         else kc_got=refused; kc_text="refused with $kc_type (HTTP $kc_status)"; fi ;;
    esac
    return
  fi
  kc_status=$(sed -n 's/.*"POST [^"]*" \([0-9][0-9][0-9]\) .*/\1/p' "$W/err" | tail -n 1)
  kc_type=$(sed -n 's/^An error occurred (\([^)]*\)) when calling.*/\1/p' "$W/err" | tail -n 1)
  kc_msg=$(sed -n 's/^An error occurred ([^)]*) when calling the [A-Za-z]* operation: //p' "$W/err" | tail -n 1 | cut -c1-160)
  if [ "$1" -eq 0 ]; then kc_got=accepted; kc_text="accepted (HTTP ${kc_status:-200})"
  elif grep -q "Could not connect to the endpoint URL" "$W/err"; then
    kc_got=noreply; kc_text="no reply: nothing is listening on $EP"
  elif grep -q "Connection was closed before we received a valid response" "$W/err"; then
    kc_got=noreply; kc_text="no reply: the connection was dropped"
  elif grep -q "Read timeout on endpoint URL" "$W/err"; then kc_got=noreply; kc_text="no reply: timed out"
  elif [ -n "$kc_type" ]; then
    case "$kc_type" in
      *[!0-9]*) if [ "${kc_status:-400}" -ge 500 ]; then kc_got=5xx; kc_text="HTTP $kc_status $kc_type: $kc_msg"
                else kc_got=refused; kc_text="refused with $kc_type (HTTP ${kc_status:-4xx}): $kc_msg"; fi ;;
      *) kc_got=nonaws; kc_text="HTTP $kc_type without an AWS error type" ;;
    esac
  elif [ "$1" -eq 99 ]; then kc_got=other; kc_text="not sent: $(tail -n 1 "$W/err")"
  else kc_got=other; kc_text="the AWS CLI failed (exit $1): $(grep -v ' - DEBUG - ' "$W/err" | tail -n 1 | cut -c1-160)"
  fi
}
# kc_run KIND EXPECT -- COMMAND...: runs one call, says what AWS does and what happened.
kc_run() {
  kc_kind=$1; kc_expect=$2; shift 3
  calls=$((calls + 1))
  "$@" > "$W/out" 2> "$W/err"; kc_rc=$?
  kc_outcome "$kc_rc" "$1"
  if [ "$kc_got" = noreply ] && [ "$calls" -eq 1 ]; then
    kc_cannot "$EP does not answer ($kc_text); set KC_ENDPOINT to a running target"
  fi
  kc_ok=no; kc_note=""
  case "$kc_expect" in
    ok) kc_aws="accepts it"; [ "$kc_got" = accepted ] && kc_ok=yes ;;
    refused) kc_aws="refuses it with an AWS error (HTTP 4xx)"; [ "$kc_got" = refused ] && kc_ok=yes ;;
    error:*)
      kc_types=${kc_expect#error:}; kc_inferred=no
      case "$kc_types" in *";inferred") kc_inferred=yes; kc_types=${kc_types%;inferred} ;; esac
      kc_aws="refuses it with $(echo "$kc_types" | sed 's/|/ or /g')"
      if [ "$kc_got" = refused ]; then
        case "|$kc_types|" in
          *"|$kc_type|"*) kc_ok=yes ;;
          *) if [ "$kc_inferred" = yes ]; then kc_ok=yes; kc_note=" (another type than AWS's, which is inferred)"; fi ;;
        esac
      fi ;;
    out:*)
      eval "kc_want=\"${kc_expect#out:}\""; kc_aws="answers $kc_want"
      kc_have=$(tr -s ' \t\n' '   ' < "$W/out" | sed 's/^ *//; s/ *$//')
      [ "$kc_got" = accepted ] && kc_text="answered $kc_have"
      # shellcheck disable=SC2254
      case "$kc_have" in $kc_want) [ "$kc_got" = accepted ] && kc_ok=yes ;; esac ;;
    plain:*)
      kc_aws="decrypts it to the original plaintext"
      if [ "$kc_got" = accepted ]; then
        eval "kc_file=\"${kc_expect#plain:}\""
        if base64 -d "$W/out" 2>/dev/null | cmp -s - "$kc_file"; then kc_ok=yes
        else kc_text="accepted, but decrypted to other bytes"; fi
      fi ;;
    shape)
      # proto.error-shape (curl -i): HTTP 400 (5xx only for the fault errors), a JSON body
      # with __type, Content-Type application/x-amz-json-1.1, x-amzn-RequestId.
      kc_aws="refuses it: HTTP 400, Content-Type application/x-amz-json-1.1, x-amzn-RequestId, {\"__type\", \"message\"}"
      kc_head=$(sed '/^\r*$/q' "$W/out" | tr 'A-Z' 'a-z')
      if [ "$kc_got" = refused ] && [ "$kc_status" = 400 ]; then
        if ! echo "$kc_head" | grep -q '^content-type: *application/x-amz-json-1.1'; then
          kc_text="$kc_text, but Content-Type: $(echo "$kc_head" | sed -n 's/^content-type: *//p' | tr -d '\r')"
        elif ! echo "$kc_head" | grep -q '^x-amzn-requestid: *[^ \r]'; then
          kc_text="$kc_text, but no x-amzn-RequestId"
        elif ! sed '1,/^\r*$/d' "$W/out" | grep -q '"message"'; then
          kc_text="$kc_text, but no message"
        else kc_ok=yes; fi
      fi ;;
    *) kc_aws="(not judged here)"; kc_ok=any ;;
  esac
  echo "  AWS:    $kc_aws"
  case "$kc_ok" in
    yes) echo "  target: $kc_text [as AWS$kc_note]" ;;
    any) echo "  target: $kc_text" ;;
    *)
      case "$kc_kind:$kc_got" in
        *:other) unjudged=$((unjudged + 1)); echo "  target: $kc_text [could not judge this step]" ;;
        probe:*) departures=$((departures + 1)); echo "  target: $kc_text [DEPARTS from AWS]" ;;
        control:*) unjudged=$((unjudged + 1))
                 echo "  target: $kc_text [the control failed: the refusals resting on it prove nothing]" ;;
        setup:*) echo "  target: $kc_text"; kc_finish_cannot "this setup step failed" ;;
        *) echo "  target: $kc_text" ;;
      esac ;;
  esac
  return 0
}
# kc_check WHAT AWS CONDITION: a check of what the script already has.
kc_check() {
  echo "  check:  $1"
  echo "  AWS:    $2"
  if eval "$3"; then echo "  target: as AWS"
  else departures=$((departures + 1)); echo "  target: no [DEPARTS from AWS]"; fi
}
# kc_near TIME SECONDS TOLERANCE: TIME (ISO-8601 or epoch seconds) is SECONDS after the
# target's now, within TOLERANCE.
kc_near() {
  kc_t=$(date -u -d "$1" +%s 2>/dev/null || echo "${1%%.*}")
  kc_d=$(( kc_t - $(date +%s) - kc_offset - $2 ))
  [ "${kc_d#-}" -le "$3" ]
}
kc_finish_cannot() {
  echo; echo "could not run: $1 (exit 2)"; exit 2
}
kc_finish() {
  echo
  if [ "$departures" -gt 0 ]; then
    echo "this run: the target DEPARTS from AWS in $departures step(s) (exit 1)"; exit 1
  fi
  if [ "$unjudged" -gt 0 ]; then
    echo "this run: could not judge: $unjudged step(s) (a failed control, or a step the script could not send) (exit 2)"; exit 2
  fi
  echo "this run: the target conforms (exit 0)"; exit 0
}
)sh";
  s += "\n";
  for (const std::string& line : lines_) {
    if (!line.empty() && line[0] == '\x01') {
      s += Render(steps_[std::stoul(line.substr(1))]) + "\n";
    } else {
      s += line + "\n";
    }
  }
  s += "\necho\necho \"kmsconform's verdict in the run:\"\n";
  for (const std::string& v : verdict_) s += "echo " + ShellQuote("  " + v) + "\n";
  s += "kc_finish\n";
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
      return {rsa +
              " -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha1 -pkeyopt "
              "rsa_mgf1_md:sha1 -in \"" +
              i + "\" -out \"" + o + "\""};
    case WrappingAlgorithm::kRsaesOaepSha256:
      return {rsa +
              " -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt "
              "rsa_mgf1_md:sha256 -in \"" +
              i + "\" -out \"" + o + "\""};
    case WrappingAlgorithm::kRsaAesKeyWrapSha1:
    case WrappingAlgorithm::kRsaAesKeyWrapSha256: {
      const std::string md = alg == WrappingAlgorithm::kRsaAesKeyWrapSha1 ? "sha1" : "sha256";
      return {"openssl rand -out \"" + o + ".aes\" 32",
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
