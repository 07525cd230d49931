#pragma once
// Escaping text for HTML and XML (SVG): every value from the input passes through here.

#include <string>
#include <string_view>

namespace rivulet {

// Appends `text` with &, <, >, " and ' replaced by entities, so it is safe both as element
// text and inside a quoted attribute. Control characters other than tab and newline (not
// allowed in XML 1.0) become U+FFFD; bytes of invalid UTF-8 pass through unchanged.
void append_markup_escaped(std::string& out, std::string_view text);
std::string markup_escaped(std::string_view text);

}  // namespace rivulet
