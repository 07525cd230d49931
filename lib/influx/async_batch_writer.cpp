#include "influx/async_batch_writer.hpp"

#include <chrono>

namespace rivulet {

AsyncBatchWriter::AsyncBatchWriter(BatchSender* sender) : sender_(sender) {
  sender_->set_notice_handler([this](const ServerNotice& notice) {
    std::lock_guard<std::mutex> lock(mutex_);
    notices_.push_back(notice);
  });
  thread_ = std::thread([this] { run(); });
}

AsyncBatchWriter::~AsyncBatchWriter() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return !pending_; });
    quit_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void AsyncBatchWriter::wait_free(std::unique_lock<std::mutex>& lock,
                                 const WaitHook& while_waiting) {
  while (pending_) {
    if (!while_waiting) {
      changed_.wait(lock, [this] { return !pending_; });
      return;
    }
    if (changed_.wait_for(lock, std::chrono::milliseconds(200), [this] { return !pending_; })) {
      return;
    }
    // The hook takes outcomes and notices, which lock the mutex themselves.
    lock.unlock();
    while_waiting();
    lock.lock();
  }
}

void AsyncBatchWriter::submit(Batch* batch, const WaitHook& while_waiting) {
  sender_->prepare(batch);  // here, while the previous batch may still be in flight
  std::unique_lock<std::mutex> lock(mutex_);
  wait_free(lock, while_waiting);
  slot_.swap(*batch);
  batch->clear();
  pending_ = true;
  lock.unlock();
  changed_.notify_all();
}

void AsyncBatchWriter::wait_idle(const WaitHook& while_waiting) {
  std::unique_lock<std::mutex> lock(mutex_);
  wait_free(lock, while_waiting);
}

std::vector<ServerNotice> AsyncBatchWriter::take_notices() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<ServerNotice> out;
  out.swap(notices_);
  return out;
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
