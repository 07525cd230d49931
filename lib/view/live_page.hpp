#pragma once
// The page --serve serves: self-contained (no network but its own event stream), it shows
// the frames live-view renders, as they arrive by Server-Sent Events.

#include <string>

namespace rivulet {

// The HTML document. Its script puts each "frame" event's SVG (rendered and escaped by
// live-view) into the page and its status line as text; an "end" event closes the stream.
const std::string& live_page_html();

}  // namespace rivulet
