#pragma once
// Runs a BatchSender on its own thread so the next batch is built while one is in flight.
// At most one batch is in flight and one is being built: submit() blocks while the sender
// is busy (retrying, or a slow server), which stops the caller reading its input. That is
// the back-pressure: memory stays at two batches however slow the server is.

#include <condition_variable>
#include <exception>
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

  // Hands the points of *batch to the sending thread and leaves *batch empty (holding the
  // allocations of the previous batch). Blocks while the previous batch is being sent.
  void submit(Batch* batch);
  // Blocks until no batch is in flight.
  void wait_idle();
  // Outcomes of the batches finished since the last call. Rethrows an exception the sender
  // threw (a spill file write error).
  std::vector<SendOutcome> take_outcomes();

 private:
  void run();

  BatchSender* sender_;
  std::mutex mutex_;
  std::condition_variable changed_;
  Batch slot_;
  bool pending_ = false;
  bool quit_ = false;
  std::vector<SendOutcome> outcomes_;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace rivulet
