// TempDir: a fresh directory under the system temp dir, removed with its content when the
// object goes away. Test-only.
#ifndef KC_MOCK_KMS_MODEL_TESTING_TEMP_DIR_H_
#define KC_MOCK_KMS_MODEL_TESTING_TEMP_DIR_H_

#include <filesystem>
#include <stdlib.h>
#include <string>

namespace kc::mock::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kc-model-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace kc::mock::testing

#endif  // KC_MOCK_KMS_MODEL_TESTING_TEMP_DIR_H_
