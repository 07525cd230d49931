#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "kafka/partition_merge.hpp"

using namespace rivulet;

namespace {

constexpr int64_t kMs = 1000000;

// Messages are small integers standing for pointers: the merge never looks behind them.
void* msg(intptr_t id) { return reinterpret_cast<void*>(id); }
intptr_t id(void* message) { return reinterpret_cast<intptr_t>(message); }

MergeSettings settings() {
  MergeSettings s;
  s.idle_ns = 250 * kMs;
  s.lagging_wait_ns = 10000 * kMs;
  s.max_buffered_bytes = 100;
  s.min_share_bytes = 0;
  s.message_overhead_bytes = 0;
  return s;
}

std::vector<TopicPartition> partitions(int n, const std::string& topic = "t") {
  std::vector<TopicPartition> out;
  for (int p = 0; p < n; ++p) out.push_back({topic, p});
  return out;
}

// Everything pop() lets out at now_ns.
std::vector<intptr_t> drain(PartitionMerge& merge, int64_t now_ns) {
  std::vector<intptr_t> out;
  PartitionMerge::Record r;
  while (merge.pop(now_ns, &r)) out.push_back(id(r.message));
  return out;
}

}  // namespace

TEST_CASE("a backlog comes out in time order across partitions, each partition in its order") {
  PartitionMerge merge(settings());
  std::vector<void*> dropped;
  merge.assign(partitions(2), 0, &dropped);
  // Partition 0's whole backlog arrives first, as one fetch: nothing may go before partition
  // 1, whose fetch is pending, has shown what it has.
  merge.push(0, 100, 10, msg(1), 0);
  merge.push(0, 200, 10, msg(2), 0);
  merge.push(0, 300, 10, msg(3), 0);
  merge.set_at_end(0, true, 0);
  CHECK(drain(merge, 1 * kMs).empty());
  CHECK(merge.wait_until_ns() == 10000 * kMs);
  merge.push(1, 150, 10, msg(11), 0);
  merge.push(1, 250, 10, msg(12), 0);
  // Partition 1 is not at its end: after 250 its next message may be earlier than 300.
  CHECK(drain(merge, 2 * kMs) == std::vector<intptr_t>{1, 11, 2, 12});
  merge.set_at_end(1, true, 3 * kMs);
  CHECK(drain(merge, 4 * kMs).empty());  // just reached its end: it gets max-idle
  CHECK(merge.wait_until_ns() == 253 * kMs);
  CHECK(drain(merge, 253 * kMs) == std::vector<intptr_t>{3});
  CHECK(merge.empty());
}

TEST_CASE("a partition that fell silent holds the others back for the idle bound only") {
  PartitionMerge merge(settings());
  std::vector<void*> dropped;
  merge.assign(partitions(3), 0, &dropped);
  for (int p = 0; p < 3; ++p) merge.set_at_end(p, true, 0);
  // Live: partition 2 never brings anything.
  merge.push(0, 1000, 10, msg(1), 0);
  merge.push(1, 1001, 10, msg(2), 0);
  merge.set_at_end(1, true, 0);  // the end follows the message in the same fetch
  CHECK(drain(merge, 249 * kMs).empty());
  CHECK(drain(merge, 250 * kMs) == std::vector<intptr_t>{1});
  // Partition 0 is empty now and was read to its end long ago; draining it starts its own
  // wait, since it may bring the next message any moment.
  merge.set_at_end(0, true, 250 * kMs);
  CHECK(drain(merge, 260 * kMs).empty());
  merge.push(0, 1033, 10, msg(3), 270 * kMs);
  // Nothing came for 270 ms: this message starts a burst, and the silent partition 2 gets
  // max-idle again to show its part.
  CHECK(drain(merge, 519 * kMs).empty());
  // Partition 1 drains too, but it reached its end at 0 and brought nothing since: it holds
  // nothing back.
  CHECK(drain(merge, 520 * kMs) == std::vector<intptr_t>{2, 3});
}

TEST_CASE("in a backlog, a partition read to its end long ago does not hold the rest back") {
  PartitionMerge merge(settings());
  std::vector<void*> dropped;
  merge.assign(partitions(2), 0, &dropped);
  merge.push(0, 100, 1, msg(1), 0);
  merge.push(0, 300, 1, msg(2), 0);
  merge.set_at_end(0, true, 0);
  merge.push(1, 200, 1, msg(11), 0);
  CHECK(drain(merge, 0) == std::vector<intptr_t>{1, 11});  // then 1's next fetch is awaited
  merge.push(1, 400, 1, msg(12), 1000 * kMs);
  merge.set_at_end(1, true, 1000 * kMs);
  // Partition 0 drains at 1000 ms, but its end was at 0: 12 goes at once.
  CHECK(drain(merge, 1000 * kMs) == std::vector<intptr_t>{2, 12});
}

TEST_CASE("after a quiet spell, a burst waits max-idle for the other partitions' parts") {
  PartitionMerge merge(settings());
  std::vector<void*> dropped;
  merge.assign(partitions(2), 0, &dropped);
  merge.set_at_end(0, true, 0);
  merge.set_at_end(1, true, 0);
  CHECK(drain(merge, 5000 * kMs).empty());
  // A replay at full speed into a caught-up consumer: partition 0's part is fetched first.
  merge.push(0, 100, 1, msg(1), 5000 * kMs);
  merge.push(0, 200, 1, msg(2), 5000 * kMs);
  CHECK(drain(merge, 5100 * kMs).empty());
  merge.push(1, 150, 1, msg(11), 5100 * kMs);
  merge.set_at_end(1, true, 5100 * kMs);
  CHECK(drain(merge, 5100 * kMs) == std::vector<intptr_t>{1, 11});
  CHECK(drain(merge, 5350 * kMs) == std::vector<intptr_t>{2});
}

TEST_CASE("a partition with a pending fetch is waited for up to the lagging bound") {
  PartitionMerge merge(settings());
  std::vector<void*> dropped;
  merge.assign(partitions(2), 0, &dropped);
  merge.push(0, 5, 10, msg(1), 0);
  CHECK(drain(merge, 9999 * kMs).empty());
  CHECK(drain(merge, 10000 * kMs) == std::vector<intptr_t>{1});
}

TEST_CASE("max-idle 0 waits only for partitions with unread data") {
  MergeSettings s = settings();
  s.idle_ns = 0;
  PartitionMerge merge(s);
  std::vector<void*> dropped;
  merge.assign(partitions(2), 0, &dropped);
  merge.set_at_end(1, true, 0);
  merge.push(0, 5, 10, msg(1), 0);
  CHECK(drain(merge, 0) == std::vector<intptr_t>{1});
}

TEST_CASE("equal times go out in slot order; a message without time keeps its neighbours'") {
  PartitionMerge merge(settings());
  std::vector<void*> dropped;
  merge.assign(partitions(2), 0, &dropped);
  merge.push(1, 100, 1, msg(11), 0);
  merge.push(0, 100, 1, msg(1), 0);
  merge.push(0, PartitionMerge::kNoTime, 1, msg(2), 0);  // goes with 1 (time 100)
  merge.push(1, 101, 1, msg(12), 0);
  // Out of order inside partition 1: its own order is kept all the same.
  merge.push(1, 50, 1, msg(13), 0);
  PartitionMerge::Record r;
  std::vector<intptr_t> out;
  while (merge.pop_any(0, &r)) out.push_back(id(r.message));
  CHECK(out == std::vector<intptr_t>{1, 2, 11, 12, 13});
}

TEST_CASE("over the byte bound, a partition over its share is paused, resumed once half drained") {
  MergeSettings s = settings();
  s.max_buffered_bytes = 200;  // two partitions: 100 bytes each
  PartitionMerge merge(s);
  std::vector<void*> dropped;
  merge.assign(partitions(2), 0, &dropped);
  for (int i = 0; i < 6; ++i) merge.push(0, i, 20, msg(i + 1), 0);
  std::vector<int> pause, resume;
  merge.pause_changes(&pause, &resume);
  CHECK(pause.empty());  // 120 bytes: within the budget, nothing is paused
  for (int i = 0; i < 5; ++i) merge.push(1, 100 + i, 20, msg(i + 11), 0);
  merge.pause_changes(&pause, &resume);
  CHECK(pause == std::vector<int>{0});  // 220 bytes: partition 0 is over its 100
  CHECK(resume.empty());
  pause.clear();
  merge.pause_changes(&pause, &resume);
  CHECK(pause.empty());  // reported once
  PartitionMerge::Record r;
  for (int i = 0; i < 3; ++i) REQUIRE(merge.pop_any(0, &r));
  merge.pause_changes(&pause, &resume);
  CHECK(resume.empty());  // 60 bytes left, over half its share, and 160 in all
  REQUIRE(merge.pop_any(0, &r));
  merge.pause_changes(&pause, &resume);
  CHECK(resume == std::vector<int>{0});
  CHECK(merge.buffered_bytes(0) == 40);
}

TEST_CASE("paused partitions all resume once the buffers hold half the byte bound") {
  MergeSettings s = settings();
  s.max_buffered_bytes = 200;
  PartitionMerge merge(s);
  std::vector<void*> dropped;
  merge.assign(partitions(4), 0, &dropped);  // shares of 50
  for (int p = 0; p < 3; ++p) {
    for (int i = 0; i < 4; ++i) merge.push(p, 10 * i + p, 20, msg(10 * p + i), 0);
  }
  std::vector<int> pause, resume;
  merge.pause_changes(&pause, &resume);
  CHECK(pause == std::vector<int>{0, 1, 2});  // 240 bytes, each 80 over its 50
  PartitionMerge::Record r;
  for (int i = 0; i < 7; ++i) REQUIRE(merge.pop_any(0, &r));
  merge.pause_changes(&pause, &resume);
  CHECK(resume == std::vector<int>{0, 1, 2});  // 100 bytes: half the budget
}

TEST_CASE("a rebalance drops the buffered messages of partitions that went elsewhere") {
  PartitionMerge merge(settings());
  std::vector<void*> dropped;
  merge.assign({{"a", 0}, {"a", 1}, {"b", 3}}, 0, &dropped);
  CHECK(merge.slot("a", 1) == 1);
  CHECK(merge.slot("b", 3) == 2);
  CHECK(merge.slot("b", 0) == -1);
  CHECK(merge.slot("c", 0) == -1);
  merge.push(0, 10, 1, msg(1), 0);
  merge.push(1, 20, 1, msg(2), 0);
  merge.push(2, 30, 1, msg(3), 0);
  merge.assign({{"b", 3}, {"a", 0}, {"a", 7}}, 0, &dropped);
  CHECK(dropped == std::vector<void*>{msg(2)});
  CHECK(merge.slot("a", 0) == 1);
  CHECK(merge.buffered() == 2);
  merge.set_at_end(2, true, 0);
  CHECK(drain(merge, 0).empty());  // the new partition a:7 has not been fetched yet
  merge.set_at_end(1, true, 0);
  // a:0 drains, but it reached its end long ago: b:3 follows at once.
  CHECK(drain(merge, 10000 * kMs) == std::vector<intptr_t>{1, 3});
}

TEST_CASE("a far-future time goes with its neighbours instead of stalling its partition") {
  MergeSettings s = settings();
  s.max_jump_ms = 3600 * 1000;
  PartitionMerge merge(s);
  std::vector<void*> dropped;
  merge.assign(partitions(2), 0, &dropped);
  merge.push(0, 1000, 1, msg(1), 0);
  merge.push(0, 1000 + 365LL * 86400 * 1000, 1, msg(2), 0);  // a year ahead: merged at 1000
  merge.push(0, 1066, 1, msg(3), 0);
  merge.push(1, 1033, 1, msg(11), 0);
  merge.push(1, 1100, 1, msg(12), 0);
  PartitionMerge::Record r;
  std::vector<intptr_t> out;
  while (merge.pop_any(0, &r)) out.push_back(id(r.message));
  CHECK(out == std::vector<intptr_t>{1, 2, 11, 3, 12});
}

TEST_CASE("the byte bound is one budget shared by all partitions, whatever their count") {
  MergeSettings s = settings();
  s.max_buffered_bytes = 8000;
  s.min_share_bytes = 500;
  s.message_overhead_bytes = 100;  // counted with every message
  PartitionMerge merge(s);
  std::vector<void*> dropped;
  merge.assign(partitions(2), 0, &dropped);
  CHECK(merge.share_bytes() == 4000);
  merge.assign(partitions(8), 0, &dropped);
  CHECK(merge.share_bytes() == 1000);
  // Every partition filled to its share: together they hold the budget, no more.
  for (int p = 0; p < 8; ++p) merge.push(p, 1, 900, msg(p + 1), 0);
  CHECK(merge.buffered_bytes(0) == 1000);  // 900 and the message's overhead
  std::vector<int> pause, resume;
  merge.pause_changes(&pause, &resume);
  CHECK(pause.empty());
  merge.push(3, 2, 1, msg(100), 0);
  merge.pause_changes(&pause, &resume);
  CHECK(pause == std::vector<int>{3});
  // So many partitions that an equal share would be tiny: each still gets the minimum.
  merge.assign(partitions(64), 0, &dropped);
  CHECK(merge.share_bytes() == 500);
}
