// Pipeline Atlas host snippet: sizes each <iframe data-pipeline-atlas> to its content.
// The atlas posts {type: "pipeline-atlas:height", height}; only our frames are believed, and
// no frame grows past MAX_HEIGHT px, whatever it posts.
(function () {
  'use strict';
  var MAX_HEIGHT = 20000;
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || data.type !== 'pipeline-atlas:height') return;
    var height = Number(data.height);
    if (!isFinite(height) || height <= 0) return;
    var frames = document.querySelectorAll('iframe[data-pipeline-atlas]');
    for (var i = 0; i < frames.length; i++) {
      if (event.source === frames[i].contentWindow) frames[i].style.height = Math.min(Math.ceil(height), MAX_HEIGHT) + 'px';
    }
  });
})();
