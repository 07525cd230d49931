#pragma once
// What librdkafka's error callback reports for one client handle, kept the same way by the
// producer and the consumer.

#include <librdkafka/rdkafka.h>

#include <functional>
#include <string>

namespace rivulet {

using ClientErrorHook = std::function<void(const std::string& message)>;

class ClientErrors {
 public:
  void set_hook(ClientErrorHook hook) { hook_ = std::move(hook); }

  // The error callback's work: latches a fatal error and passes each new message to the
  // hook once (librdkafka repeats the same message while a broker stays down). Runs on the
  // thread that polls the handle.
  void on_error(rd_kafka_t* rk, int err, const char* reason);

  // Passes another message to the hook (errors of single messages, refused commits).
  void report(const std::string& message) const {
    if (hook_) hook_(message);
  }

  // The fatal error, or "" while the client can go on.
  const std::string& fatal() const { return fatal_; }
  // The last message seen, or "" (e.g. why the broker is unreachable).
  const std::string& last() const { return last_; }

 private:
  ClientErrorHook hook_;
  std::string fatal_;
  std::string last_;
};

}  // namespace rivulet
