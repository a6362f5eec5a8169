// The link page follows its bot's status live through Server-Sent Events (LinkEventStream.cs): a new QR
// image when the code changes, the status line, the Link button back once a session ended, and the bot's
// page once it is linked. While the stream is open the server keeps the QR alive; closing the page ends it.
// Without JavaScript the page still works; its state is as loaded.
(() => {
  'use strict';

  const state = document.getElementById('link-state');
  if (!state || !window.EventSource) {
    return;
  }
  const statusText = document.getElementById('link-status-text');
  const dot = document.querySelector('#link-status .dot');
  const qr = document.getElementById('qr');
  const linkForm = document.getElementById('link');
  // The same colours as StatusLook.cs on the server.
  const pending = new Set(['linking', 'connecting', 'initializing', 'got qr code', 'waiting']);
  const look = (status) =>
    status === 'connected' ? 'status-connected' : pending.has(status) ? 'status-pending' : 'status-off';
  // A page opened on a bot that is already linked stays put; one that saw it link moves on.
  const linkedOnLoad = state.dataset.status === 'connected';

  const source = new EventSource(state.dataset.eventsUrl);
  source.onmessage = (message) => {
    const event = JSON.parse(message.data);
    statusText.textContent = event.text;
    dot.className = `dot ${look(event.status)}`;
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
      source.close();
      window.location.assign(state.dataset.botUrl);
    }
  };
})();
