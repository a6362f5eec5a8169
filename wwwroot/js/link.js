// The link page follows its bot's status live (live.js): a new QR image when the code changes, the status
// line, the Link button back once a session ended, and the bot's page once it is linked. While the stream is
// open the server keeps the QR alive; closing the page ends it. Without JavaScript the page still works; its
// state is as loaded, with a Reload link.
(() => {
  'use strict';

  const state = document.getElementById('link-state');
  if (!state || !window.imposterLive) {
    return;
  }
  const statusText = document.getElementById('link-status-text');
  const dot = document.querySelector('#link-status .dot');
  const qr = document.getElementById('qr');
  const linkForm = document.getElementById('link');
  // A page opened on a bot that is already linked stays put; one that saw it link moves on.
  const linkedOnLoad = state.dataset.status === 'connected';

  let source = null;
  const show = (event) => {
    statusText.textContent = event.text;
    dot.className = `dot ${window.imposterLive.statusClass(event.status)}`;
    if (event.qr_version) {
      const src = `${state.dataset.qrUrl}?v=${encodeURIComponent(event.qr_version)}`;
      if (qr.getAttribute('src') !== src) {
        qr.setAttribute('src', src);
      }
      qr.hidden = false;
    } else {
      qr.hidden = true;
    }
    linkForm.hidden = !event.ended;
    if (event.status === 'connected' && !linkedOnLoad) {
      source?.close();
      window.location.assign(state.dataset.botUrl);
    }
  };
  source = window.imposterLive.open(state.dataset.eventsUrl, {
    snapshot: (snapshot) => snapshot.bots.forEach(show),
    status: show,
  });
})();
