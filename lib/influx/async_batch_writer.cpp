#include "influx/async_batch_writer.hpp"

namespace rivulet {

AsyncBatchWriter::AsyncBatchWriter(BatchSender* sender)
    : sender_(sender), thread_([this] { run(); }) {}

AsyncBatchWriter::~AsyncBatchWriter() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return !pending_; });
    quit_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void AsyncBatchWriter::submit(Batch* batch) {
  sender_->prepare(batch);  // here, while the previous batch may still be in flight
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return !pending_; });
  slot_.swap(*batch);
  batch->clear();
  pending_ = true;
  lock.unlock();
  changed_.notify_all();
}

void AsyncBatchWriter::wait_idle() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return !pending_; });
}

std::vector<SendOutcome> AsyncBatchWriter::take_outcomes() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (error_) {
    auto e = error_;
    error_ = nullptr;
    std::rethrow_exception(e);
  }
  std::vector<SendOutcome> out;
  out.swap(outcomes_);
  return out;
}

void AsyncBatchWriter::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return pending_ || quit_; });
    if (!pending_) return;
    // The slot is ours while pending_: submit() waits for it to clear before touching it.
    lock.unlock();
    SendOutcome outcome;
    std::exception_ptr error;
    try {
      outcome = sender_->send(slot_);
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    if (error) {
      error_ = error;
    } else {
      outcomes_.push_back(std::move(outcome));
    }
    pending_ = false;
    changed_.notify_all();
  }
}

}  // namespace rivulet
