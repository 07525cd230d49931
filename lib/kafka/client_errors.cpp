#include "kafka/client_errors.hpp"

namespace rivulet {

void ClientErrors::on_error(rd_kafka_t* rk, int err, const char* reason) {
  if (err == RD_KAFKA_RESP_ERR__FATAL) {
    char buf[512];
    rd_kafka_fatal_error(rk, buf, sizeof buf);
    fatal_ = buf;
  }
  if (reason == last_) return;
  last_ = reason;
  report(last_);
}

}  // namespace rivulet
