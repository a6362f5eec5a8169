// The bot's page live (live.js): its status and the outcome of its latest LLM call change as they happen.
// Without JavaScript the page is as loaded, with a Reload link.
(() => {
  'use strict';

  const facts = document.getElementById('bot-session');
  if (!facts || !window.imposterLive) {
    return;
  }
  const status = (event) => {
    const cell = document.getElementById('status');
    cell.querySelector('.status-text').textContent = event.status;
    cell.querySelector('.dot').className = `dot ${window.imposterLive.statusClass(event.status)}`;
  };
  const llm = (event) => {
    const cell = document.getElementById('llm-health');
    cell.textContent = window.imposterLive.llmText(event.llm);
    cell.className = window.imposterLive.llmClass(event.llm);
  };
  window.imposterLive.open(facts.dataset.eventsUrl, {
    snapshot: (snapshot) => snapshot.bots.forEach((bot) => {
      status(bot);
      llm(bot);
    }),
    status,
    llm,
  });
})();
