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
  const llmCells = new Map();
  for (const cell of table.querySelectorAll('[data-llm-for]')) {
    llmCells.set(cell.dataset.llmFor, cell);
  }

  // The same words and classes as LlmHealthLook.cs on the server; times in UTC as UtcTime.cs writes them.
  const utc = (iso) => `${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  const llmLook = (llm) => (!llm ? 'llm-none' : llm.state === 'failing' ? 'llm-failing' : 'llm-ok');
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
        const llmCell = llmCells.get(entry.user_id);
        if (llmCell) {
          llmCell.textContent = llmText(entry.llm);
          llmCell.className = `llm ${llmLook(entry.llm)}`;
        }
      }
    } catch {
      // A network hiccup: the next poll tries again.
    }
  };
  timer = setInterval(refresh, 3000);
})();
