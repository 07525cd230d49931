#pragma once
// Text a server sent (error messages, bodies) on its way to a terminal. A hostile or broken
// server could otherwise send escape sequences that retitle the terminal, move the cursor
// over earlier messages or worse; and a message is one line.

#include <string>
#include <string_view>

namespace rivulet {

// `text` with every control character made visible: C0 controls (newlines and ESC
// included) and DEL as "\x1b", the C1 controls U+0080..U+009F (UTF-8 C2 80..C2 9F, read
// as escape sequence starts by some terminals) as "\u009b". Everything else, other UTF-8
// included, is kept.
std::string terminal_safe(std::string_view text);

}  // namespace rivulet
