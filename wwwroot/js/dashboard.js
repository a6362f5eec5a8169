// Live status on the dashboard: polls the status list every 3 s, as the original home page did, and
// updates each row's status cell. Without JavaScript the page still works; its status is as loaded.
(() => {
  'use strict';

  const table = document.getElementById('bots');
  if (!table) {
    return;
  }
  const url = table.dataset.statusUrl;
  // The same colours as StatusLook.cs on the server.
  const pending = new Set(['linking', 'connecting', 'initializing', 'got qr code', 'waiting']);
  const look = (status) =>
    status === 'connected' ? 'status-connected' : pending.has(status) ? 'status-pending' : 'status-off';

  const cells = new Map();
  for (const cell of table.querySelectorAll('[data-status-for]')) {
    cells.set(cell.dataset.statusFor, cell);
  }

  let timer;
  const refresh = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (response.status === 401) {
        // Signed out elsewhere: polling would only fail again. The next click leads to the login page.
        clearInterval(timer);
        return;
      }
      if (!response.ok) {
        return;
      }
      const body = await response.json();
      for (const entry of body.configurations) {
        // A bot created after the page loaded has no row yet; it appears at the next reload.
        const cell = cells.get(entry.user_id);
        if (!cell) {
          continue;
        }
        cell.querySelector('.status-text').textContent = entry.status;
        cell.querySelector('.dot').className = `dot ${look(entry.status)}`;
      }
    } catch {
      // A network hiccup: the next poll tries again.
    }
  };
  timer = setInterval(refresh, 3000);
})();
