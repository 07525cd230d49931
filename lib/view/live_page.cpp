#include "view/live_page.hpp"

namespace rivulet {

const std::string& live_page_html() {
  static const std::string page = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>live-view</title>
<style>
  body { margin: 0; font-family: "DejaVu Sans", Verdana, sans-serif; background: #f4f4f4;
         color: #222; }
  header { display: flex; gap: 1em; align-items: baseline; padding: 8px 16px;
           background: #263238; color: #eceff1; }
  header h1 { font-size: 16px; margin: 0; }
  #status { font-size: 13px; color: #b0bec5; }
  #view { padding: 12px 16px; }
  #view svg { display: block; width: 100%; max-width: 1400px; height: auto;
              background: #fff; border-radius: 6px; }
</style>
</head>
<body>
<header><h1>live-view</h1><span id="status">connecting</span></header>
<main id="view"></main>
<script>
"use strict";
(function () {
  const view = document.getElementById("view");
  const status = document.getElementById("status");
  let frames = 0;
  const source = new EventSource("events");
  source.addEventListener("frame", function (event) {
    const frame = JSON.parse(event.data);
    // The SVG comes rendered by live-view, which escapes every value taken from the input.
    view.innerHTML = frame.svg;
    frames += 1;
    view.dataset.frames = String(frames);
    status.textContent = frame.status;
  });
  source.addEventListener("end", function (event) {
    status.textContent = JSON.parse(event.data).status;
    document.body.dataset.ended = "true";
    source.close();
  });
  source.onerror = function () {
    if (source.readyState !== EventSource.CLOSED) status.textContent = "disconnected, retrying";
  };
})();
</script>
</body>
</html>
)html";
  return page;
}

}  // namespace rivulet
