#pragma once
// --png: the SVG snapshot rasterised by rsvg-convert (Debian package librsvg2-bin).

#include <string>

namespace rivulet {

// The converter's program name, looked up on PATH.
constexpr const char* kPngConverter = "rsvg-convert";

// True if kPngConverter can be found on PATH.
bool png_converter_available();

// Writes `svg` as a PNG image to `png_path`. Throws rivulet::Error if the converter cannot
// be run or fails.
void write_png(const std::string& svg, const std::string& png_path);

// Writes `text` to `path` (created or truncated). Throws rivulet::Error on failure.
void write_text_file(const std::string& path, const std::string& text);

}  // namespace rivulet
