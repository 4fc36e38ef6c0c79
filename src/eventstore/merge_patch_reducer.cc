// RFC 7396 JSON merge patch, written from the RFC's pseudocode:
//   define MergePatch(Target, Patch):
//     if Patch is an Object:
//       if Target is not an Object: Target = {}
//       for each Name/Value pair in Patch:
//         if Value is null: remove Name from Target (if present)
//         else: Target[Name] = MergePatch(Target[Name], Value)   (missing Target[Name] = null)
//       return Target
//     else: return Patch
#include "eventstore/merge_patch_reducer.h"

#include <utility>
#include <vector>

namespace eventioz::eventstore {

void apply_merge_patch(nlohmann::json& target, const nlohmann::json& patch) {
  // Each pending pair is a member of the target (or the target itself) and the patch for it.
  // The targets of pending pairs are disjoint subtrees, and object members live in std::map
  // nodes that do not move when siblings are added or removed, so the pointers stay valid.
  std::vector<std::pair<nlohmann::json*, const nlohmann::json*>> pending{{&target, &patch}};
  while (!pending.empty()) {
    auto [into, with] = pending.back();
    pending.pop_back();
    if (!with->is_object()) {
      *into = *with;
      continue;
    }
    if (!into->is_object()) *into = nlohmann::json::object();
    for (auto member = with->begin(); member != with->end(); ++member) {
      if (member->is_null()) {
        into->erase(member.key());
      } else {
        pending.emplace_back(&(*into)[member.key()], &*member);
      }
    }
  }
}

const std::string& merge_patch_reducer::identity() const {
  static const std::string name = "merge-patch";
  return name;
}

nlohmann::json merge_patch_reducer::initial_state() const { return nlohmann::json::object(); }

status merge_patch_reducer::apply(nlohmann::json& state, const event_view& event) const {
  apply_merge_patch(state, event.data);
  return ok_status();
}

}  // namespace eventioz::eventstore
