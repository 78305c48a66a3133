#include "harness/sigv4/suite_case.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

#include "harness/sigv4/amz_date.h"
#include "harness/sigv4/http_text.h"

namespace kc::sigv4::testing {
namespace {

// Typed getters over a parsed object: nlohmann is used without exceptions here.
bool GetString(const nlohmann::json& object, const char* key, std::string& out) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

bool GetBool(const nlohmann::json& object, const char* key, bool& out) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_boolean()) return false;
  out = it->get<bool>();
  return true;
}

Status ParseContext(const std::string& text, SuiteCase& out) {
  const nlohmann::json context = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (context.is_discarded() || !context.is_object()) return DataLossError("not a JSON object");
  const auto credentials = context.find("credentials");
  if (credentials == context.end() || !credentials->is_object() ||
      !GetString(*credentials, "access_key_id", out.credentials.access_key_id) ||
      !GetString(*credentials, "secret_access_key", out.credentials.secret_access_key)) {
    return DataLossError("bad credentials");
  }
  GetString(*credentials, "token", out.credentials.session_token);
  std::string timestamp;
  if (!GetString(context, "region", out.params.region) ||
      !GetString(context, "service", out.params.service) ||
      !GetString(context, "timestamp", timestamp) ||
      !GetBool(context, "normalize", out.params.normalize_path) ||
      !GetBool(context, "sign_body", out.params.sign_body)) {
    return DataLossError("missing region, service, timestamp, normalize or sign_body");
  }
  GetBool(context, "omit_session_token", out.params.omit_session_token_from_signature);
  // "2015-08-30T12:36:00Z" (ISO 8601 extended) -> the basic form ParseAmzDate reads.
  std::erase_if(timestamp, [](char c) { return c == '-' || c == ':'; });
  const auto time = ParseAmzDate(timestamp);
  if (!time) return DataLossError("bad timestamp");
  out.params.time = *time;
  const auto expires = context.find("expiration_in_seconds");
  if (expires == context.end() || !expires->is_number_integer()) {
    return DataLossError("bad expiration_in_seconds");
  }
  out.expires_seconds = expires->get<std::int64_t>();
  return Status::Ok();
}

}  // namespace

std::filesystem::path SuiteDir() {
  return std::filesystem::path(KC_TEST_SRCDIR) / "testdata" / "sigv4";
}

std::vector<std::string> SuiteCaseNames() {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(SuiteDir(), error)) {
    if (entry.is_directory() && std::filesystem::exists(entry.path() / "request.txt")) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::string> ReadTextFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string SuiteCase::File(const std::string& file_name) const {
  return ReadTextFile(SuiteDir() / name / file_name).value_or("");
}

Result<SuiteCase> LoadSuiteCase(const std::string& name) {
  SuiteCase out;
  out.name = name;
  const std::filesystem::path dir = SuiteDir() / name;
  KC_ASSIGN_OR_RETURN(const std::string request_text, ReadTextFile(dir / "request.txt"));
  Result<HttpRequest> request = ParseHttpRequestText(request_text);
  if (!request.ok()) return request.status().WithContext(name + "/request.txt");
  out.request = std::move(request).value();
  KC_ASSIGN_OR_RETURN(const std::string context_text, ReadTextFile(dir / "context.json"));
  KC_RETURN_IF_ERROR(ParseContext(context_text, out).WithContext(name + "/context.json"));
  return out;
}

}  // namespace kc::sigv4::testing
