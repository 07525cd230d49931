#pragma once
// Runs a BatchSender on its own thread so the next batch is built while one is in flight.
// At most one batch is in flight and one is being built: submit() blocks while the sender
// is busy (retrying, or a slow server), which stops the caller reading its input. That is
// the back-pressure: memory stays at two batches however slow the server is.

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "influx/batch.hpp"
#include "influx/batch_sender.hpp"

namespace rivulet {

class AsyncBatchWriter {
 public:
  // `sender` must outlive this object.
  explicit AsyncBatchWriter(BatchSender* sender);
  // Waits for the batch in flight to finish, then ends the thread.
  ~AsyncBatchWriter();
  AsyncBatchWriter(const AsyncBatchWriter&) = delete;
  AsyncBatchWriter& operator=(const AsyncBatchWriter&) = delete;

  using WaitHook = std::function<void()>;

  // Hands the points of *batch to the sending thread and leaves *batch empty (holding the
  // allocations of the previous batch). Blocks while the previous batch is being sent.
  void submit(Batch* batch, const WaitHook& while_waiting = nullptr);
  // Blocks until no batch is in flight.
  void wait_idle(const WaitHook& while_waiting = nullptr);
  // Outcomes of the batches finished since the last call. Rethrows an exception the sender
  // threw (a spill file write error).
  std::vector<SendOutcome> take_outcomes();
  // What the sender said about the server since the last call, in order.
  std::vector<ServerNotice> take_notices();

 private:
  void run();
  // Waits, with the lock held by `lock`, until no batch is pending.
  void wait_free(std::unique_lock<std::mutex>& lock, const WaitHook& while_waiting);

  BatchSender* sender_;
  std::mutex mutex_;
  std::condition_variable changed_;
  Batch slot_;
  bool pending_ = false;
  bool quit_ = false;
  std::vector<SendOutcome> outcomes_;
  std::vector<ServerNotice> notices_;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace rivulet
