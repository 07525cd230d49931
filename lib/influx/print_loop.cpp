#include "influx/print_loop.hpp"

#include "influx/line_protocol.hpp"
#include "io/output_writer.hpp"

namespace rivulet {

void print_points(const InfluxWriteOptions& options, TimeUnit precision, InputChain* inputs,
                  JsonPoints* points, Diagnostics* diagnostics) {
  OutputWriter out;
  out.set_line_buffered(options.line_buffered);
  inputs->set_before_wait([&] { out.flush(); });
  Line line;
  std::string err;
  int64_t ts_ns = 0;
  for (ReadStatus s;
       (s = inputs->next(&line)) == ReadStatus::kLine && !diagnostics->should_stop();) {
    if (points == nullptr) {
      if (line.text[0] == '#') continue;
      out.write(line.text);
    } else {
      std::string& buffer = out.buffer();
      size_t mark = buffer.size();
      if (!points->encode(line.text, inputs->source(), line.number, &buffer, &ts_ns, &err) ||
          !append_timestamp(buffer, ts_ns, precision, &err)) {
        buffer.resize(mark);
        diagnostics->bad_line(inputs->source(), line.number, err, line.text);
        continue;
      }
    }
    out.buffer() += '\n';
    out.end_record();
  }
  out.flush();
}

}  // namespace rivulet
