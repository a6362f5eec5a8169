// The dashboard live (live.js, GET /events): each row's status, queue depths and LLM cell change as the
// bot's do. Without JavaScript the page still works; its cells are as loaded, with a Reload link.
(() => {
  'use strict';

  const table = document.getElementById('bots');
  if (!table || !window.imposterLive) {
    return;
  }
  const cellsOf = (attribute) => {
    const cells = new Map();
    for (const cell of table.querySelectorAll(`[data-${attribute}]`)) {
      cells.set(cell.getAttribute(`data-${attribute}`), cell);
    }
    return cells;
  };
  const statusCells = cellsOf('status-for');
  const queueCells = cellsOf('queue-for');
  const llmCells = cellsOf('llm-for');

  // A bot created after the page loaded has no row yet; it appears at the next reload.
  const status = (event) => {
    const cell = statusCells.get(event.user_id);
    if (cell) {
      cell.querySelector('.status-text').textContent = event.status;
      cell.querySelector('.dot').className = `dot ${window.imposterLive.statusClass(event.status)}`;
    }
  };
  const delivery = (event) => {
    const cell = queueCells.get(event.user_id);
    if (cell) {
      for (const [state, depth] of Object.entries(event.depths)) {
        const count = cell.querySelector(`.depth-${state}`);
        if (count) {
          count.textContent = depth;
        }
      }
    }
  };
  const llm = (event) => {
    const cell = llmCells.get(event.user_id);
    if (cell) {
      cell.textContent = window.imposterLive.llmText(event.llm);
      cell.className = `llm ${window.imposterLive.llmClass(event.llm)}`;
    }
  };

  window.imposterLive.open(table.dataset.eventsUrl, {
    snapshot: (snapshot) => {
      for (const bot of snapshot.bots) {
        status(bot);
        delivery(bot);
        llm(bot);
      }
    },
    status,
    delivery,
    llm,
  });
})();
