#include "harness/runner/flags.h"

#include <algorithm>

namespace kc::runner {
namespace {

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

const FlagSpec* Find(std::string_view name, std::span<const FlagSpec> specs) {
  for (const FlagSpec& s : specs) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace

std::string NearestFlag(std::string_view unknown, std::span<const FlagSpec> specs) {
  // A prefix ("--time" for "--timeout") or a few edits away (a typo).
  if (unknown.size() >= 4) {
    for (const FlagSpec& s : specs) {
      if (s.name.starts_with(unknown)) return std::string(s.name);
    }
  }
  const FlagSpec* best = nullptr;
  std::size_t best_distance = 0;
  for (const FlagSpec& s : specs) {
    const std::size_t d = EditDistance(unknown, s.name);
    if (best == nullptr || d < best_distance) {
      best = &s;
      best_distance = d;
    }
  }
  if (best == nullptr || best_distance > std::max<std::size_t>(2, unknown.size() / 3)) return "";
  return std::string(best->name);
}

Result<ParsedArgs> ParseFlags(std::string_view command, const std::vector<std::string_view>& args,
                              std::span<const FlagSpec> specs, bool allow_positionals) {
  ParsedArgs out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    std::string_view inline_value;
    bool has_inline = false;
    if (a.starts_with("--")) {
      // --flag=value is the same as --flag value.
      if (const std::size_t eq = a.find('='); eq != std::string_view::npos) {
        inline_value = a.substr(eq + 1);
        a = a.substr(0, eq);
        has_inline = true;
      }
    }
    if (!a.starts_with("-") || a == "-") {
      if (!allow_positionals) {
        return InvalidArgumentError(std::string(command) + ": unexpected argument '" +
                                    std::string(a) + "'");
      }
      out.positionals.push_back(a);
      continue;
    }
    const FlagSpec* spec = Find(a, specs);
    if (spec == nullptr) {
      std::string message = std::string(command) + ": unknown flag '" + std::string(a) + "'";
      const std::string nearest = NearestFlag(a, specs);
      if (!nearest.empty()) message += " (did you mean " + nearest + "?)";
      return InvalidArgumentError(message);
    }
    if (spec->value.empty()) {
      if (has_inline) {
        return InvalidArgumentError(std::string(spec->name) + " takes no value");
      }
      out.flags.push_back(ParsedFlag{spec->name, ""});
      continue;
    }
    if (has_inline) {
      out.flags.push_back(ParsedFlag{spec->name, inline_value});
      continue;
    }
    // A missing value is said so, not taken from the next flag.
    if (i + 1 >= args.size() || (args[i + 1].starts_with("--") && args[i + 1].size() > 2)) {
      return InvalidArgumentError(std::string(spec->name) + " needs a value (" +
                                  std::string(spec->value) + ")");
    }
    out.flags.push_back(ParsedFlag{spec->name, args[++i]});
  }
  return out;
}

std::string FlagHelp(std::span<const FlagSpec> specs) {
  constexpr std::size_t kIndent = 30;
  constexpr std::size_t kWidth = 96;
  std::string out;
  std::string_view group = "\x01";
  for (const FlagSpec& s : specs) {
    if (s.group != group) {
      group = s.group;
      if (!group.empty()) out += "\n" + std::string(group) + ":\n";
    }
    std::string left = "  " + std::string(s.name);
    if (!s.value.empty()) left += " " + std::string(s.value);
    std::string text(s.help);
    if (!s.default_text.empty()) text += " (default: " + std::string(s.default_text) + ")";
    // The text, word-wrapped to kWidth with a hanging indent.
    std::string line = left.size() < kIndent ? left + std::string(kIndent - left.size(), ' ')
                                             : left + "\n" + std::string(kIndent, ' ');
    std::size_t column =
        line.size() - (line.rfind('\n') == std::string::npos ? 0 : line.rfind('\n') + 1);
    std::size_t i = 0;
    bool first = true;
    while (i < text.size()) {
      std::size_t end = text.find(' ', i);
      if (end == std::string::npos) end = text.size();
      const std::string_view word(text.data() + i, end - i);
      if (!first && column + 1 + word.size() > kWidth) {
        line += "\n" + std::string(kIndent, ' ');
        column = kIndent;
      } else if (!first) {
        line += ' ';
        ++column;
      }
      line += word;
      column += word.size();
      first = false;
      i = end + 1;
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace kc::runner
