// Example-page helper: points every frame at the atlas given by ?atlas=BASE_URL (default: the
// address `cargo xtask serve` prints) and loads the host snippet from that atlas.
(function () {
  var atlas = new URLSearchParams(location.search).get('atlas') || 'http://127.0.0.1:8080/';
  document.querySelectorAll('iframe[data-pipeline-atlas]').forEach(function (frame) {
    frame.setAttribute('src', atlas + '#' + frame.getAttribute('data-atlas-route'));
  });
  var snippet = document.createElement('script');
  snippet.src = atlas + 'pipeline-atlas-embed.js';
  document.body.appendChild(snippet);
})();
