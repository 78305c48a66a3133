#include "mock_kms/model/server_secret.h"

#include <cerrno>
#include <fcntl.h>
#include <string>
#include <unistd.h>

#include <openssl/crypto.h>

#include "harness/common/bytes.h"
#include "mock_kms/model/file_util.h"

namespace kc::mock {
namespace {

Result<Bytes> ReadSecret(const std::filesystem::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoError("open " + path.string(), errno);
  Result<Bytes> data = ReadAll(fd.get());
  if (!data.ok()) return data.status().WithContext(path.string());
  if (data->size() != kServerSecretSize) {
    const std::size_t n = data->size();
    OPENSSL_cleanse(data->data(), data->size());
    return DataLossError(path.string() + " holds " + std::to_string(n) +
                         " bytes; a server secret is 32 bytes");
  }
  return data;
}

}  // namespace

Result<Bytes> LoadOrCreateSecret(const std::filesystem::path& dir, crypto::RandomSource& random) {
  const std::filesystem::path path = dir / "secret";
  Result<Bytes> existing = ReadSecret(path);
  if (existing.ok() || existing.status().code() != StatusCode::kNotFound) return existing;

  Bytes secret = random.Generate(kServerSecretSize);
  Bytes suffix = random.Generate(8);
  const std::filesystem::path tmp =
      dir / ("secret.tmp." + std::to_string(::getpid()) + "." + HexEncode(suffix));
  {
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!fd.valid()) return ErrnoError("create " + tmp.string(), errno);
    Status s = WriteAllAt(fd.get(), secret, 0);
    if (s.ok() && ::fsync(fd.get()) != 0) s = ErrnoError("fsync " + tmp.string(), errno);
    if (!s.ok()) {
      ::unlink(tmp.c_str());
      return s;
    }
  }
  const int linked = ::link(tmp.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(tmp.c_str());
  if (linked != 0) {
    OPENSSL_cleanse(secret.data(), secret.size());
    if (link_errno == EEXIST) return ReadSecret(path);  // another process made it first
    return ErrnoError("link " + path.string(), link_errno);
  }
  KC_RETURN_IF_ERROR(FsyncDir(dir));
  return secret;
}

}  // namespace kc::mock
