// report.json: ToJson / FromJson. The one file of kc_report that calls nlohmann/json; its
// exceptions stop here (a parse error is caught for its message, types are checked before
// every get, dump replaces ill-formed UTF-8 instead of throwing, and a catch-all guards
// the rest).
#include <cmath>
#include <exception>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/common/bytes.h"
#include "harness/report/report.h"
#include "harness/report/text.h"

namespace kc::report {
namespace {

// ordered_json keeps members in the order of DESIGN.md's schema.
using Json = nlohmann::ordered_json;

constexpr std::string_view kSchema = "kmsconform-report/1";
constexpr int kMaxDepth = 64;

// Base64, Unbase64: the bytes a fuzz finding's reproducer sends, as report.json keeps them.
std::string Base64(std::string_view raw) { return Base64Encode(AsBytes(raw)); }
std::string Unbase64(std::string_view text) {
  const auto b = Base64DecodeStrict(text);
  return b ? std::string(b->begin(), b->end()) : std::string();
}

// Rounded: a finite number with at most microsecond (ms fields) or millisecond resolution;
// NaN and infinities become 0 (JSON has no spelling for them).
// Whole values are written as integers ("ms": 3, as DESIGN.md shows).
Json Rounded(double v, double scale) {
  if (!std::isfinite(v)) return 0;
  const double r = std::round(v * scale) / scale;
  if (r == std::trunc(r) && std::fabs(r) < 9.0e15) return static_cast<std::int64_t>(r);
  return r;
}

// HeadersJson: name -> value; repeated names (ASCII case-insensitive) joined with ", "
// under the first spelling, as HTTP allows for a list-valued field.
Json HeadersJson(const Headers& headers) {
  Headers merged;
  for (const auto& header : headers) {
    const std::string& name = header.first;
    const std::string& value = header.second;
    auto it = std::find_if(merged.begin(), merged.end(),
                           [&](const auto& h) { return EqualsIgnoreCase(h.first, name); });
    if (it == merged.end()) {
      merged.emplace_back(name, value);
    } else {
      it->second += ", ";
      it->second += value;
    }
  }
  Json out = Json::object();
  for (const auto& [name, value] : merged) out[name] = value;
  return out;
}

Json EvidenceJson(const Evidence& e) {
  Json out = Json::object();
  out["request"] = Json{{"method", e.request.method},
                        {"path", e.request.path},
                        {"headers", HeadersJson(e.request.headers)},
                        {"body", e.request.body}};
  if (e.response) {
    out["response"] = Json{{"status", e.response->status},
                           {"headers", HeadersJson(e.response->headers)},
                           {"body", e.response->body}};
  } else {
    out["response"] = nullptr;
  }
  out["ms"] = Rounded(e.ms, 1000);
  out["step"] = e.step;
  out["probe"] = e.probe;
  if (!e.control.empty()) out["control"] = e.control;
  if (e.seq > 0) out["seq"] = e.seq;
  if (!e.transport_error.empty()) out["transport_error"] = e.transport_error;
  return out;
}

Json RuleJson(const RuleResult& r) {
  Json out = Json::object();
  out["id"] = r.id;
  out["title"] = r.title;
  out["confidence"] = r.confidence;
  out["status"] = std::string(VerdictName(r.status));
  out["reason"] = r.reason;
  out["expected"] = r.expected;
  out["actual"] = r.actual;
  Json evidence = Json::array();
  for (const Evidence& e : r.evidence) evidence.push_back(EvidenceJson(e));
  out["evidence"] = std::move(evidence);
  out["reproducer"] = r.reproducer;
  out["source"] = r.source;
  out["source_ref"] = r.source_ref;
  out["duration_s"] = Rounded(r.duration_s, 1000);
  if (!r.checks.empty()) {
    Json checks = Json::array();
    for (const Check& c : r.checks) {
      Json j = Json::object();
      j["what"] = c.what;
      j["verdict"] = std::string(VerdictName(c.verdict));
      if (!c.expected.empty()) j["expected"] = c.expected;
      if (!c.actual.empty()) j["actual"] = c.actual;
      j["refusal"] = c.refusal;
      if (!c.controls.empty()) j["controls"] = c.controls;
      if (c.exchange > 0) j["exchange"] = c.exchange;
      checks.push_back(std::move(j));
    }
    out["checks"] = std::move(checks);
  }
  if (r.explore) {
    Json e = Json::object();
    e["accepted"] = r.explore->accepted;
    e["refused"] = r.explore->refused;
    if (!r.explore->steps.empty()) e["steps"] = r.explore->steps;
    if (!r.explore->command.empty()) e["command"] = r.explore->command;
    if (!r.explore->steps.empty()) e["found_after_s"] = Rounded(r.explore->found_after_s, 1000);
    out["explore"] = std::move(e);
  }
  if (r.fuzz) {
    Json f = Json::object();
    f["judged"] = r.fuzz->judged;
    Json findings = Json::array();
    for (const FuzzFinding& x : r.fuzz->findings) {
      Json j = Json::object();
      j["class"] = x.cls;
      j["label"] = x.label;
      j["kind"] = x.kind;
      j["verdict"] = std::string(VerdictName(x.verdict));
      if (!x.operation.empty()) j["operation"] = x.operation;
      if (!x.member.empty()) j["member"] = x.member;
      j["what"] = x.what;
      j["expected"] = x.expected;
      j["count"] = x.count;
      j["mutations"] = x.mutations;
      if (!x.first_request.empty()) j["first_request"] = x.first_request;
      if (!x.minimal_request.empty()) j["minimal_request"] = x.minimal_request;
      if (!x.reply.empty()) j["reply"] = x.reply;
      j["file"] = x.file;
      j["reproducer"] = x.reproducer;
      j["data_base64"] = Base64(x.data);
      findings.push_back(std::move(j));
    }
    f["findings"] = std::move(findings);
    out["fuzz"] = std::move(f);
  }
  if (!r.controls.empty()) {
    Json controls = Json::array();
    for (const Control& c : r.controls) {
      controls.push_back(Json{{"id", c.id},
                              {"what", c.what},
                              {"status", std::string(ControlStatusName(c.status))},
                              {"actual", c.actual}});
    }
    out["controls"] = std::move(controls);
  }
  return out;
}

// ---- reading ----

// Reader: typed access to a parsed document with the JSON path of each value, so a bad
// file is refused with a message naming the member ("rules[3].status: ...").
class Reader {
 public:
  Status error() const { return error_; }
  bool failed() const { return !error_.ok(); }

  const Json* Member(const Json& obj, std::string_view key, const std::string& path,
                     bool required) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) Fail(path + "." + std::string(key), "missing");
      return nullptr;
    }
    return &*it;
  }

  void String(const Json& obj, std::string_view key, const std::string& path, std::string& out,
              bool required = false) {
    const Json* v = Member(obj, key, path, required);
    if (v == nullptr) return;
    if (!v->is_string()) return Fail(path + "." + std::string(key), "expected a string");
    out = v->get_ref<const std::string&>();
  }

  void Number(const Json& obj, std::string_view key, const std::string& path, double& out) {
    const Json* v = Member(obj, key, path, false);
    if (v == nullptr) return;
    if (!v->is_number()) return Fail(path + "." + std::string(key), "expected a number");
    out = v->get<double>();
  }

  void Int(const Json& obj, std::string_view key, const std::string& path, int& out,
           bool required = false) {
    const Json* v = Member(obj, key, path, required);
    if (v == nullptr) return;
    if (v->is_number_unsigned() && v->get<std::uint64_t>() <= 1000000) {
      out = static_cast<int>(v->get<std::uint64_t>());
    } else if (v->is_number_integer() && v->get<std::int64_t>() >= 0 &&
               v->get<std::int64_t>() <= 1000000) {
      out = static_cast<int>(v->get<std::int64_t>());
    } else {
      Fail(path + "." + std::string(key), "expected a small non-negative integer");
    }
  }

  void Long(const Json& obj, std::string_view key, const std::string& path, long& out) {
    const Json* v = Member(obj, key, path, false);
    if (v == nullptr) return;
    if (v->is_number_integer() && v->get<std::int64_t>() >= 0) {
      out = static_cast<long>(v->get<std::int64_t>());
    } else {
      Fail(path + "." + std::string(key), "expected a non-negative integer");
    }
  }

  void Bool(const Json& obj, std::string_view key, const std::string& path, bool& out) {
    const Json* v = Member(obj, key, path, false);
    if (v == nullptr) return;
    if (!v->is_boolean()) return Fail(path + "." + std::string(key), "expected true or false");
    out = v->get<bool>();
  }

  void HeadersOf(const Json& obj, const std::string& path, Headers& out) {
    const Json* v = Member(obj, "headers", path, false);
    if (v == nullptr || v->is_null()) return;
    if (!v->is_object()) return Fail(path + ".headers", "expected an object");
    for (auto it = v->begin(); it != v->end(); ++it) {
      if (!it.value().is_string()) {
        return Fail(path + ".headers." + it.key(), "expected a string");
      }
      out.emplace_back(it.key(), it.value().get<std::string>());
    }
  }

  const Json* Object(const Json& obj, std::string_view key, const std::string& path,
                     bool required) {
    const Json* v = Member(obj, key, path, required);
    if (v == nullptr) return nullptr;
    if (!v->is_object()) {
      Fail(path + "." + std::string(key), "expected an object");
      return nullptr;
    }
    return v;
  }

  void Fail(const std::string& path, std::string_view what) {
    if (!failed()) {
      error_ =
          InvalidArgumentError("kmsconform report: " + path.substr(path.starts_with("$.") ? 2 : 0) +
                               ": " + std::string(what));
    }
  }

 private:
  Status error_;
};

void ReadEvidence(Reader& rd, const Json& j, const std::string& path, Evidence& e) {
  if (!j.is_object()) return rd.Fail(path, "expected an object");
  if (const Json* req = rd.Object(j, "request", path, true)) {
    const std::string p = path + ".request";
    rd.String(*req, "method", p, e.request.method);
    rd.String(*req, "path", p, e.request.path);
    rd.HeadersOf(*req, p, e.request.headers);
    rd.String(*req, "body", p, e.request.body);
  }
  if (const Json* resp = rd.Member(j, "response", path, false); resp && !resp->is_null()) {
    const std::string p = path + ".response";
    if (!resp->is_object()) return rd.Fail(p, "expected an object or null");
    HttpResponseRecord r;
    rd.Int(*resp, "status", p, r.status, true);
    rd.HeadersOf(*resp, p, r.headers);
    rd.String(*resp, "body", p, r.body);
    e.response = std::move(r);
  }
  rd.Number(j, "ms", path, e.ms);
  rd.String(j, "step", path, e.step);
  rd.Bool(j, "probe", path, e.probe);
  rd.String(j, "control", path, e.control);
  rd.Int(j, "seq", path, e.seq);
  rd.String(j, "transport_error", path, e.transport_error);
}

void ReadCheck(Reader& rd, const Json& j, const std::string& path, Check& c) {
  if (!j.is_object()) return rd.Fail(path, "expected an object");
  rd.String(j, "what", path, c.what);
  std::string verdict;
  rd.String(j, "verdict", path, verdict, true);
  if (rd.failed()) return;
  auto v = ParseVerdict(verdict);
  if (!v) return rd.Fail(path + ".verdict", "expected one of pass, fail, warn, skip, error");
  c.verdict = *v;
  rd.String(j, "expected", path, c.expected);
  rd.String(j, "actual", path, c.actual);
  rd.Bool(j, "refusal", path, c.refusal);
  rd.Int(j, "exchange", path, c.exchange);
  if (const Json* ids = rd.Member(j, "controls", path, false); ids && !ids->is_null()) {
    if (!ids->is_array()) return rd.Fail(path + ".controls", "expected an array");
    for (std::size_t i = 0; i < ids->size(); ++i) {
      if (!(*ids)[i].is_string()) {
        return rd.Fail(path + ".controls[" + std::to_string(i) + "]", "expected a string");
      }
      c.controls.push_back((*ids)[i].get<std::string>());
    }
  }
}

void ReadControl(Reader& rd, const Json& j, const std::string& path, Control& c) {
  if (!j.is_object()) return rd.Fail(path, "expected an object");
  rd.String(j, "id", path, c.id, true);
  rd.String(j, "what", path, c.what);
  std::string status;
  rd.String(j, "status", path, status, true);
  if (rd.failed()) return;
  auto s = ParseControlStatus(status);
  if (!s) {
    return rd.Fail(path + ".status", "expected one of passed, failed, unavailable, not-run");
  }
  c.status = *s;
  rd.String(j, "actual", path, c.actual);
}

// ReadArray: each element of the optional array member `key` through read().
template <typename T, typename F>
void ReadArray(Reader& rd, const Json& j, std::string_view key, const std::string& path,
               std::vector<T>& out, F read) {
  const Json* a = rd.Member(j, key, path, false);
  if (a == nullptr || a->is_null()) return;
  if (!a->is_array()) return rd.Fail(path + "." + std::string(key), "expected an array");
  for (std::size_t i = 0; i < a->size() && !rd.failed(); ++i) {
    T item;
    read(rd, (*a)[i], path + "." + std::string(key) + "[" + std::to_string(i) + "]", item);
    out.push_back(std::move(item));
  }
}

void ReadRule(Reader& rd, const Json& j, const std::string& path, RuleResult& r) {
  if (!j.is_object()) return rd.Fail(path, "expected an object");
  rd.String(j, "id", path, r.id, true);
  rd.String(j, "title", path, r.title);
  rd.String(j, "confidence", path, r.confidence);
  std::string status;
  rd.String(j, "status", path, status, true);
  if (rd.failed()) return;
  auto verdict = ParseVerdict(status);
  if (!verdict) {
    return rd.Fail(path + ".status",
                   "expected one of pass, fail, warn, skip, error; got '" + status + "'");
  }
  r.status = *verdict;
  rd.String(j, "reason", path, r.reason);
  rd.String(j, "expected", path, r.expected);
  rd.String(j, "actual", path, r.actual);
  ReadArray(rd, j, "evidence", path, r.evidence, ReadEvidence);
  rd.String(j, "reproducer", path, r.reproducer);
  rd.String(j, "source", path, r.source);
  rd.String(j, "source_ref", path, r.source_ref);
  rd.Number(j, "duration_s", path, r.duration_s);
  ReadArray(rd, j, "checks", path, r.checks, ReadCheck);
  if (const Json* e = rd.Object(j, "explore", path, false)) {
    report::ExploreInfo info;
    const std::string p = path + ".explore";
    rd.Int(*e, "accepted", p, info.accepted);
    rd.Int(*e, "refused", p, info.refused);
    rd.String(*e, "command", p, info.command);
    rd.Number(*e, "found_after_s", p, info.found_after_s);
    if (const Json* steps = rd.Member(*e, "steps", p, false); steps && steps->is_array()) {
      for (const Json& step : *steps) {
        if (step.is_string()) info.steps.push_back(step.get<std::string>());
      }
    }
    r.explore = std::move(info);
  }
  ReadArray(rd, j, "controls", path, r.controls, ReadControl);
  if (const Json* f = rd.Object(j, "fuzz", path, false)) {
    FuzzRuleInfo info;
    const std::string p = path + ".fuzz";
    rd.Long(*f, "judged", p, info.judged);
    if (const Json* list = rd.Member(*f, "findings", p, false); list && list->is_array()) {
      for (std::size_t i = 0; i < list->size() && !rd.failed(); ++i) {
        const Json& x = (*list)[i];
        const std::string q = p + ".findings[" + std::to_string(i) + "]";
        if (!x.is_object()) {
          rd.Fail(q, "expected an object");
          break;
        }
        FuzzFinding ff;
        rd.String(x, "class", q, ff.cls, true);
        rd.String(x, "label", q, ff.label, true);
        rd.String(x, "kind", q, ff.kind);
        std::string verdict;
        rd.String(x, "verdict", q, verdict);
        if (auto v = ParseVerdict(verdict)) ff.verdict = *v;
        rd.String(x, "operation", q, ff.operation);
        rd.String(x, "member", q, ff.member);
        rd.String(x, "what", q, ff.what);
        rd.String(x, "expected", q, ff.expected);
        rd.Int(x, "count", q, ff.count);
        if (const Json* m = rd.Member(x, "mutations", q, false); m && m->is_array()) {
          for (const Json& line : *m) {
            if (line.is_string()) ff.mutations.push_back(line.get<std::string>());
          }
        }
        rd.String(x, "first_request", q, ff.first_request);
        rd.String(x, "minimal_request", q, ff.minimal_request);
        rd.String(x, "reply", q, ff.reply);
        rd.String(x, "file", q, ff.file);
        rd.String(x, "reproducer", q, ff.reproducer);
        std::string data;
        rd.String(x, "data_base64", q, data);
        ff.data = Unbase64(data);
        info.findings.push_back(std::move(ff));
      }
    }
    r.fuzz = std::move(info);
  }
}

void ReadSummary(Reader& rd, const Json& j, Summary& s) {
  const std::string p = "$.summary";
  rd.Int(j, "pass", p, s.pass, true);
  rd.Int(j, "fail", p, s.fail, true);
  rd.Int(j, "warn", p, s.warn, true);
  rd.Int(j, "skip", p, s.skip, true);
  rd.Int(j, "error", p, s.error, true);
}

// NestingDepth: how deeply arrays/objects nest, counted outside strings, so that a hostile
// file cannot make the parser or the destructor recurse without bound.
int NestingDepth(std::string_view text) {
  int depth = 0;
  int max_depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      max_depth = std::max(max_depth, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return max_depth;
}

Result<RunReport> ParseReport(std::string_view text) {
  if (NestingDepth(text) > kMaxDepth) {
    return InvalidArgumentError("kmsconform report: JSON nested deeper than " +
                                std::to_string(kMaxDepth) + " levels");
  }
  Json doc;
  try {
    doc = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // e.what(): "[json.exception.parse_error.101] parse error at line 1, column 2: ...".
    return DataLossError(std::string("kmsconform report: not valid JSON: ") + e.what());
  }
  if (!doc.is_object()) return InvalidArgumentError("kmsconform report: expected a JSON object");

  RunReport report;
  Reader rd;
  const std::string root = "$";
  rd.String(doc, "schema", root, report.schema, true);
  if (rd.failed()) return rd.error();
  if (report.schema != kSchema) {
    return InvalidArgumentError("kmsconform report: schema '" + report.schema + "' is not " +
                                std::string(kSchema));
  }
  rd.String(doc, "tool_version", root, report.tool_version);
  rd.String(doc, "profile", root, report.profile, true);
  if (const Json* t = rd.Object(doc, "target", root, true)) {
    const std::string p = "$.target";
    rd.String(*t, "name", p, report.target.name);
    rd.String(*t, "kind", p, report.target.kind);
    rd.String(*t, "endpoint", p, report.target.endpoint);
    if (const Json* cmd = rd.Member(*t, "command", p, false); cmd && !cmd->is_null()) {
      if (!cmd->is_string()) {
        rd.Fail(p + ".command", "expected a string or null");
      } else {
        report.target.command = cmd->get<std::string>();
      }
    }
    rd.String(*t, "clock", p, report.target.clock);
    rd.String(*t, "region", p, report.target.region);
    rd.String(*t, "account", p, report.target.account);
    rd.String(*t, "log", p, report.target.log);
  }
  rd.String(doc, "started", root, report.started);
  rd.Number(doc, "duration_s", root, report.duration_s);
  if (const Json* seed = rd.Member(doc, "seed", root, false); seed && !seed->is_null()) {
    if (seed->is_number_unsigned()) {
      report.seed = seed->get<std::uint64_t>();
    } else if (seed->is_number_integer() && seed->get<std::int64_t>() >= 0) {
      report.seed = static_cast<std::uint64_t>(seed->get<std::int64_t>());
    } else {
      rd.Fail("$.seed", "expected a non-negative integer");
    }
  }
  if (const Json* left = rd.Member(doc, "keys_left_behind", root, false);
      left && !left->is_null()) {
    if (!left->is_array()) {
      rd.Fail("$.keys_left_behind", "expected an array");
    } else {
      for (const Json& k : *left) {
        if (!k.is_string()) {
          rd.Fail("$.keys_left_behind", "expected strings");
          break;
        }
        report.keys_left.push_back(k.get<std::string>());
      }
    }
  }
  if (const Json* f = rd.Object(doc, "fuzz", root, false)) {
    FuzzStats stats;
    const std::string p = "$.fuzz";
    rd.Long(*f, "requests", p, stats.requests);
    rd.Number(*f, "seconds", p, stats.seconds);
    rd.Number(*f, "requests_per_second", p, stats.requests_per_second);
    rd.Long(*f, "liveness_checks", p, stats.liveness_checks);
    rd.Number(*f, "cpu_s", p, stats.cpu_seconds);
    rd.Number(*f, "fuzzer_cpu_s", p, stats.fuzzer_cpu_seconds);
    rd.String(*f, "command", p, stats.command);
    if (const Json* list = rd.Member(*f, "classes", p, false); list && list->is_array()) {
      for (const Json& c : *list) {
        if (!c.is_object()) continue;
        FuzzClassStats cs;
        rd.String(c, "class", p + ".classes", cs.cls);
        rd.Long(c, "sent", p + ".classes", cs.sent);
        rd.Long(c, "reached_decoder", p + ".classes", cs.reached_decoder);
        rd.Long(c, "findings", p + ".classes", cs.findings);
        stats.classes.push_back(std::move(cs));
      }
    }
    report.fuzz = std::move(stats);
  }
  if (rd.failed()) return rd.error();

  const Json* rules = rd.Member(doc, "rules", root, true);
  if (rules != nullptr && !rules->is_array()) rd.Fail("$.rules", "expected an array");
  if (rd.failed()) return rd.error();
  for (std::size_t i = 0; i < rules->size() && !rd.failed(); ++i) {
    RuleResult r;
    ReadRule(rd, (*rules)[i], "$.rules[" + std::to_string(i) + "]", r);
    report.rules.push_back(std::move(r));
  }
  if (rd.failed()) return rd.error();

  // The summary is derived data: validated for shape, then recounted from the rules, so a
  // hand-edited or inconsistent file cannot make the matrix disagree with its own rows.
  if (const Json* s = rd.Object(doc, "summary", root, false)) ReadSummary(rd, *s, report.summary);
  if (rd.failed()) return rd.error();
  report.Recount();
  return report;
}

}  // namespace

std::string ToJson(const RunReport& report) {
  try {
    Json doc = Json::object();
    doc["schema"] = report.schema;
    doc["tool_version"] = report.tool_version;
    doc["profile"] = report.profile;
    Json target = Json::object();
    if (!report.target.name.empty()) target["name"] = report.target.name;
    target["kind"] = report.target.kind;
    target["endpoint"] = report.target.endpoint;
    if (report.target.command) {
      target["command"] = *report.target.command;
    } else {
      target["command"] = nullptr;
    }
    target["clock"] = report.target.clock;
    target["region"] = report.target.region;
    target["account"] = report.target.account;
    if (!report.target.log.empty()) target["log"] = report.target.log;
    doc["target"] = std::move(target);
    doc["started"] = report.started;
    doc["duration_s"] = Rounded(report.duration_s, 1000);
    doc["seed"] = report.seed;
    if (!report.keys_left.empty()) doc["keys_left_behind"] = report.keys_left;
    if (report.fuzz) {
      Json f = Json::object();
      f["requests"] = report.fuzz->requests;
      f["seconds"] = Rounded(report.fuzz->seconds, 1000);
      f["requests_per_second"] = Rounded(report.fuzz->requests_per_second, 10);
      f["liveness_checks"] = report.fuzz->liveness_checks;
      f["cpu_s"] = Rounded(report.fuzz->cpu_seconds, 1000);
      f["fuzzer_cpu_s"] = Rounded(report.fuzz->fuzzer_cpu_seconds, 1000);
      if (!report.fuzz->command.empty()) f["command"] = report.fuzz->command;
      Json classes = Json::array();
      for (const FuzzClassStats& c : report.fuzz->classes) {
        classes.push_back(Json{{"class", c.cls},
                               {"sent", c.sent},
                               {"reached_decoder", c.reached_decoder},
                               {"findings", c.findings}});
      }
      f["classes"] = std::move(classes);
      doc["fuzz"] = std::move(f);
    }
    Json rules = Json::array();
    for (const RuleResult& r : report.rules) rules.push_back(RuleJson(r));
    doc["rules"] = std::move(rules);
    // Counted from the rules, like every other writer, so the files never disagree.
    Summary s;
    for (const RuleResult& r : report.rules) {
      switch (r.status) {
        case Verdict::kPass:
          ++s.pass;
          break;
        case Verdict::kFail:
          ++s.fail;
          break;
        case Verdict::kWarn:
          ++s.warn;
          break;
        case Verdict::kSkip:
          ++s.skip;
          break;
        case Verdict::kError:
          ++s.error;
          break;
      }
    }
    doc["summary"] = Json{
        {"pass", s.pass}, {"fail", s.fail}, {"warn", s.warn}, {"skip", s.skip}, {"error", s.error}};
    // Ill-formed UTF-8 (a header value from a target) is replaced by U+FFFD, not thrown.
    return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  } catch (...) {
    // Only allocation failure can get here; a report that says so beats a crash.
    return "{\"schema\": \"kmsconform-report/1\", \"error\": \"could not render the report\"}\n";
  }
}

Result<RunReport> FromJson(std::string_view json) {
  try {
    return ParseReport(json);
  } catch (const std::exception& e) {
    return DataLossError(std::string("kmsconform report: unreadable: ") + e.what());
  }
}

}  // namespace kc::report
