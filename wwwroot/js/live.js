// Live pages (Live/LiveStream.cs on the server): opens a page's Server-Sent Events stream and hands each
// event's JSON to the page's handler of that type ("snapshot" first, then "status", "delivery", "llm",
// "chat"). While the stream is open the page's "Reload" links (a.reload) are hidden, since the page keeps
// itself current; they come back if the stream is closed for good (signed out, bot deleted). Without
// JavaScript the links stay, and the page is as loaded.
(() => {
  'use strict';

  // The same colours as StatusLook.cs on the server.
  const pending = new Set(['linking', 'connecting', 'initializing', 'got qr code', 'waiting']);
  const statusClass = (status) =>
    status === 'connected' ? 'status-connected' : pending.has(status) ? 'status-pending' : 'status-off';

  // The same words and classes as LlmHealthLook.cs on the server; times in UTC as UtcTime.cs writes them.
  const utc = (iso) => `${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  const llmClass = (llm) => (!llm ? 'llm-none' : llm.state === 'failing' ? 'llm-failing' : 'llm-ok');
  const llmText = (llm) => {
    if (!llm) {
      return 'no call yet';
    }
    if (llm.state === 'failing' && llm.last_failure_at) {
      const answered = llm.last_success_at ? ` · last answer ${utc(llm.last_success_at)}` : '';
      return `failed ${utc(llm.last_failure_at)}: ${llm.last_failure}${answered}`;
    }
    return llm.last_success_at ? `ok · last answer ${utc(llm.last_success_at)}` : 'no call yet';
  };

  const showReload = (shown) => {
    for (const link of document.querySelectorAll('a.reload')) {
      link.hidden = !shown;
    }
  };

  // handlers: { snapshot(data), status(data), ... }; returns the EventSource (close() it to stop).
  const open = (url, handlers) => {
    if (!url || !window.EventSource) {
      return null;
    }
    const source = new EventSource(url);
    source.addEventListener('open', () => showReload(false));
    // The browser reconnects by itself after a dropped connection (the server's retry hint); a stream it
    // gave up on (an error answer such as 401 or 404) stays closed, so reloading is the way on.
    source.addEventListener('error', () => showReload(source.readyState === EventSource.CLOSED));
    for (const [type, handle] of Object.entries(handlers)) {
      source.addEventListener(type, (message) => handle(JSON.parse(message.data)));
    }
    return source;
  };

  window.imposterLive = { open, statusClass, llmClass, llmText };
})();
