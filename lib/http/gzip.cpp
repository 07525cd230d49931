#include "http/gzip.hpp"

#include <zlib.h>

#include "error.hpp"

namespace rivulet {

namespace {
constexpr int kGzipWindowBits = 15 + 16;  // +16: gzip header and trailer instead of zlib's
}

void gzip_compress(std::string_view in, std::string* out, int level) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw Error("gzip: cannot initialise zlib");
  }
  out->resize(deflateBound(&z, static_cast<uLong>(in.size())) + 32);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out->data());
  z.avail_out = static_cast<uInt>(out->size());
  int rc = deflate(&z, Z_FINISH);
  size_t produced = out->size() - z.avail_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw Error("gzip: compression failed");
  out->resize(produced);
}

std::string gzip_decompress(std::string_view in) {
  z_stream z{};
  if (inflateInit2(&z, kGzipWindowBits) != Z_OK) throw Error("gzip: cannot initialise zlib");
  std::string out;
  char buf[1 << 16];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  int rc;
  do {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      throw Error("gzip: invalid compressed data");
    }
    out.append(buf, sizeof buf - z.avail_out);
  } while (rc != Z_STREAM_END && (z.avail_in > 0 || z.avail_out == 0));
  inflateEnd(&z);
  if (rc != Z_STREAM_END) throw Error("gzip: truncated compressed data");
  return out;
}

}  // namespace rivulet
