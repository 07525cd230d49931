#include "kafka/partition_batches.hpp"

#include <algorithm>

namespace rivulet {

void PartitionBatches::add(int32_t partition, std::string_view value, std::string_view key,
                           uint64_t origin) {
  if (static_cast<size_t>(partition) >= partitions_.size()) partitions_.resize(partition + 1);
  std::vector<Entry>& list = partitions_[partition];
  if (list.empty()) {
    touched_.insert(std::upper_bound(touched_.begin(), touched_.end(), partition), partition);
  }
  Entry e{arena_.size(), 0, value.size(), key.size(), origin};
  arena_.append(value);
  e.key_at = arena_.size();
  arena_.append(key);
  list.push_back(e);
  ++messages_;
}

void PartitionBatches::clear() {
  for (int32_t p : touched_) partitions_[p].clear();
  touched_.clear();
  arena_.clear();
  messages_ = 0;
}

}  // namespace rivulet
