// Pipeline Atlas host snippet: makes every <iframe data-pipeline-atlas> as tall as its content.
// Include it once on the page that embeds the atlas (after or before the iframes):
//   <script src="https://atlas.example.org/pipeline-atlas-embed.js"></script>
// The atlas posts {type: "pipeline-atlas:height", height} from inside the frame; only messages
// from one of our frames are believed, and only a finite positive number is used.
(function () {
  'use strict';
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || data.type !== 'pipeline-atlas:height') return;
    var height = Number(data.height);
    if (!isFinite(height) || height <= 0) return;
    var frames = document.querySelectorAll('iframe[data-pipeline-atlas]');
    for (var i = 0; i < frames.length; i++) {
      if (event.source === frames[i].contentWindow) {
        frames[i].style.height = Math.ceil(height) + 'px';
      }
    }
  });
})();
