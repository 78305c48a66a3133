// Writing reports to disk: every file whole or not at all (temp file, fsync, rename), so a
// reader (CI, `kmsconform matrix`) never sees half a report.
#include <cerrno>
#include <fcntl.h>
#include <string>
#include <system_error>
#include <unistd.h>

#include "harness/report/aws_data.h"
#include "harness/report/report.h"

namespace kc::report {
namespace {

Status ErrnoError(std::string_view what, const std::filesystem::path& path, int err) {
  return InternalError(std::string(what) + " " + path.string() + ": " +
                       std::error_code(err, std::generic_category()).message());
}

Status CreateDir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return InternalError("creating " + dir.string() + ": " + ec.message());
  if (!std::filesystem::is_directory(dir, ec)) {
    return FailedPreconditionError(dir.string() + " exists and is not a directory");
  }
  return Status::Ok();
}

}  // namespace

Status WriteFileAtomically(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::path tmp = path;
  tmp.replace_filename("." + path.filename().string() + ".tmp." + std::to_string(::getpid()));
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("creating", tmp, errno);
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return ErrnoError("writing", tmp, err);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return ErrnoError("syncing", tmp, err);
  }
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return ErrnoError("closing", tmp, err);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return ErrnoError("renaming to", path, err);
  }
  return Status::Ok();
}

Status WriteReportDir(const RunReport& report, const std::filesystem::path& dir) {
  KC_RETURN_IF_ERROR(CreateDir(dir));
  // report.json first: it is the source of truth the others are rendered from.
  KC_RETURN_IF_ERROR(WriteFileAtomically(dir / "report.json", ToJson(report)));
  KC_RETURN_IF_ERROR(WriteFileAtomically(dir / "junit.xml", ToJUnit(report)));
  KC_RETURN_IF_ERROR(WriteFileAtomically(dir / "report.md", ToMarkdown(report)));
  KC_RETURN_IF_ERROR(WriteFileAtomically(dir / "report.html", ToHtml(report)));
  // Each rule's reproducer as an executable script: repro/<rule id>.sh.
  bool any = false;
  for (const RuleResult& rule : report.rules) {
    if (rule.reproducer.empty()) continue;
    if (!any) KC_RETURN_IF_ERROR(CreateDir(dir / "repro"));
    any = true;
    const std::filesystem::path script = dir / "repro" / ReproducerFile(rule.id);
    KC_RETURN_IF_ERROR(WriteFileAtomically(script, rule.reproducer));
    std::error_code ec;
    std::filesystem::permissions(
        script,
        std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
            std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
            std::filesystem::perms::others_exec,
        ec);
    if (ec) return InternalError("chmod " + script.string() + ": " + ec.message());
  }
  // Profile 2026: the KMS model the scripts need (see aws_data.h), with where it comes from.
  if (any && report.profile == "2026") {
    const std::filesystem::path data = dir / "repro" / "aws-data";
    KC_RETURN_IF_ERROR(CreateDir(data / "kms" / "2014-11-01"));
    KC_RETURN_IF_ERROR(WriteFileAtomically(data / "kms" / "2014-11-01" / "service-2.json",
                                           std::string(KmsModel2026())));
    KC_RETURN_IF_ERROR(WriteFileAtomically(
        data / "README.txt",
        "The AWS KMS API model of botocore 1.43.11 (botocore/data/kms/2014-11-01/service-2.json,\n"
        "Apache License 2.0, https://github.com/boto/botocore), unchanged. The reproducers of\n"
        "this profile-2026 run set AWS_DATA_PATH to this folder (unless it is set), so that an\n"
        "AWS CLI whose own model predates RotateKeyOnDemand, ListKeyRotations, ImportType and\n"
        "KeyMaterialId can send them.\n"));
  }
  // Each fuzz finding's reproducer and the bytes it sends: repro/<file>.sh and .bin.
  for (const RuleResult& rule : report.rules) {
    if (!rule.fuzz) continue;
    for (const FuzzFinding& f : rule.fuzz->findings) {
      if (f.reproducer.empty() || f.file.empty()) continue;
      if (!any) KC_RETURN_IF_ERROR(CreateDir(dir / "repro"));
      any = true;
      const std::string base = ReproducerFile(f.file);
      const std::filesystem::path script = dir / "repro" / (base.substr(0, base.size() - 3) + ".sh");
      KC_RETURN_IF_ERROR(WriteFileAtomically(script, f.reproducer));
      KC_RETURN_IF_ERROR(WriteFileAtomically(dir / "repro" / (base.substr(0, base.size() - 3) + ".bin"),
                                             f.data));
      std::error_code ec;
      std::filesystem::permissions(
          script,
          std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
              std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
              std::filesystem::perms::others_exec,
          ec);
      if (ec) return InternalError("chmod " + script.string() + ": " + ec.message());
    }
  }
  return Status::Ok();
}

Status WriteMatrix(const std::vector<RunReport>& runs, const std::filesystem::path& dir,
                   const std::vector<std::string>& links) {
  KC_RETURN_IF_ERROR(CreateDir(dir));
  KC_RETURN_IF_ERROR(WriteFileAtomically(dir / "matrix.md", MatrixMarkdown(runs, links)));
  KC_RETURN_IF_ERROR(WriteFileAtomically(dir / "matrix.html", MatrixHtml(runs, links)));
  return Status::Ok();
}

}  // namespace kc::report
