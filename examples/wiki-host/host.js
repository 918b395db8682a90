// Example-page helper. A real wiki page needs only the iframe and one line:
//   <script src="https://YOUR-ATLAS/pipeline-atlas-embed.js"></script>
// This page also honours ?atlas=BASE_URL to point the frames (keeping their #/embed/… routes)
// and the snippet at another atlas.
(function () {
  var atlas = new URLSearchParams(location.search).get('atlas') || 'http://127.0.0.1:8080/';
  document.querySelectorAll('iframe[data-pipeline-atlas]').forEach(function (frame) {
    var hash = frame.getAttribute('src').split('#')[1] || '/embed/';
    frame.setAttribute('src', atlas + '#' + hash);
  });
  var snippet = document.createElement('script');
  snippet.src = atlas + 'pipeline-atlas-embed.js';
  document.body.appendChild(snippet);
})();
