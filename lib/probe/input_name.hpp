#pragma once
// What an input argument names: a file to read at its own pace, or a live source, and the
// stream name its events carry when --stream does not say.

#include <string>
#include <string_view>

namespace rivulet {

// True for standard input ("-"), pipes, devices and network URLs: sources whose packets
// are stamped as they arrive. False for a regular file (by path or file: URL), and for a
// path that does not exist, so that opening it reports why.
bool is_live_input(std::string_view input);

// The last path component without its extension, without any query string:
// "clips/cam-1.mp4" -> "cam-1", "/dev/video0" -> "video0",
// "rtmp://host/live/studio" -> "studio", "srt://host:9000?streamid=x" -> "host",
// "-" -> "stdin". Never empty.
std::string default_stream_name(std::string_view input);

}  // namespace rivulet
