#include "harness/contract/model.h"

#include <cctype>

namespace kc::contract {
namespace {

#include "harness/contract/model_tables.inc"

template <typename E>
void AppendValues(Profile p, std::vector<std::string_view>& out) {
  for (const auto& n : AllValues<E>()) {
    if (InProfile(n.value, p)) out.push_back(n.wire);
  }
}

}  // namespace

const OperationSpec& Spec(Operation op, Profile p) {
  const auto index = static_cast<std::size_t>(op);
  return p == Profile::k2022 ? k2022_Operations[index] : k2026_Operations[index];
}

const MemberSpec* FindMember(const ShapeSpec& structure, std::string_view name) {
  for (const auto& m : structure.members) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::vector<std::string_view> EnumWireValues(EnumKind kind, Profile p) {
  std::vector<std::string_view> out;
  switch (kind) {
    case EnumKind::kNone: break;
    case EnumKind::kKeySpec: AppendValues<KeySpec>(p, out); break;
    // CustomerMasterKeySpec is deprecated: its enum stopped growing in 2022.
    case EnumKind::kCustomerMasterKeySpec: AppendValues<KeySpec>(Profile::k2022, out); break;
    case EnumKind::kKeyUsage: AppendValues<KeyUsage>(p, out); break;
    case EnumKind::kOrigin: AppendValues<Origin>(p, out); break;
    case EnumKind::kKeyState: AppendValues<KeyState>(p, out); break;
    case EnumKind::kWrappingAlgorithm: AppendValues<WrappingAlgorithm>(p, out); break;
    case EnumKind::kWrappingKeySpec: AppendValues<WrappingKeySpec>(p, out); break;
    case EnumKind::kExpirationModel: AppendValues<ExpirationModel>(p, out); break;
    case EnumKind::kImportType: AppendValues<ImportType>(p, out); break;
    case EnumKind::kEncryptionAlgorithm: AppendValues<EncryptionAlgorithm>(p, out); break;
    case EnumKind::kSigningAlgorithm: AppendValues<SigningAlgorithm>(p, out); break;
    case EnumKind::kMacAlgorithm: AppendValues<MacAlgorithm>(p, out); break;
    case EnumKind::kKeyAgreementAlgorithm: AppendValues<KeyAgreementAlgorithm>(p, out); break;
    case EnumKind::kKeyManager: AppendValues<KeyManager>(p, out); break;
    case EnumKind::kMultiRegionKeyType: AppendValues<MultiRegionKeyType>(p, out); break;
    case EnumKind::kKeyEncryptionMechanism: AppendValues<KeyEncryptionMechanism>(p, out); break;
    case EnumKind::kDryRunModifier: AppendValues<DryRunModifier>(p, out); break;
    case EnumKind::kMessageType: AppendValues<MessageType>(p, out); break;
    case EnumKind::kIncludeKeyMaterial: AppendValues<IncludeKeyMaterial>(p, out); break;
    case EnumKind::kImportState: AppendValues<ImportState>(p, out); break;
    case EnumKind::kKeyMaterialState: AppendValues<KeyMaterialState>(p, out); break;
    case EnumKind::kRotationType: AppendValues<RotationType>(p, out); break;
  }
  return out;
}

namespace {

template <typename E>
bool Accepts(std::string_view wire, Profile p) {
  const std::optional<E> v = FromWire<E>(wire);
  return v.has_value() && InProfile(*v, p);
}

}  // namespace

// No allocation: the codec calls this for every enum member of every request.
bool EnumAccepts(EnumKind kind, std::string_view wire, Profile p) {
  switch (kind) {
    case EnumKind::kNone: return false;
    case EnumKind::kKeySpec: return Accepts<KeySpec>(wire, p);
    case EnumKind::kCustomerMasterKeySpec: return Accepts<KeySpec>(wire, Profile::k2022);
    case EnumKind::kKeyUsage: return Accepts<KeyUsage>(wire, p);
    case EnumKind::kOrigin: return Accepts<Origin>(wire, p);
    case EnumKind::kKeyState: return Accepts<KeyState>(wire, p);
    case EnumKind::kWrappingAlgorithm: return Accepts<WrappingAlgorithm>(wire, p);
    case EnumKind::kWrappingKeySpec: return Accepts<WrappingKeySpec>(wire, p);
    case EnumKind::kExpirationModel: return Accepts<ExpirationModel>(wire, p);
    case EnumKind::kImportType: return Accepts<ImportType>(wire, p);
    case EnumKind::kEncryptionAlgorithm: return Accepts<EncryptionAlgorithm>(wire, p);
    case EnumKind::kSigningAlgorithm: return Accepts<SigningAlgorithm>(wire, p);
    case EnumKind::kMacAlgorithm: return Accepts<MacAlgorithm>(wire, p);
    case EnumKind::kKeyAgreementAlgorithm: return Accepts<KeyAgreementAlgorithm>(wire, p);
    case EnumKind::kKeyManager: return Accepts<KeyManager>(wire, p);
    case EnumKind::kMultiRegionKeyType: return Accepts<MultiRegionKeyType>(wire, p);
    case EnumKind::kKeyEncryptionMechanism: return Accepts<KeyEncryptionMechanism>(wire, p);
    case EnumKind::kDryRunModifier: return Accepts<DryRunModifier>(wire, p);
    case EnumKind::kMessageType: return Accepts<MessageType>(wire, p);
    case EnumKind::kIncludeKeyMaterial: return Accepts<IncludeKeyMaterial>(wire, p);
    case EnumKind::kImportState: return Accepts<ImportState>(wire, p);
    case EnumKind::kKeyMaterialState: return Accepts<KeyMaterialState>(wire, p);
    case EnumKind::kRotationType: return Accepts<RotationType>(wire, p);
  }
  return false;
}

std::string LowerCamel(std::string_view member_name) {
  std::string out(member_name);
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

}  // namespace kc::contract
