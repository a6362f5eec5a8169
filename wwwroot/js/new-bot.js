// New-bot page: the time zone starts as the browser's instead of UTC (only on the form's first showing,
// which the server marks with the form's data-browser-zone), and the OpenAI settings show only when OpenAI is
// chosen. Without JavaScript the zone stays UTC and every field shows; the server ignores the OpenAI
// fields for the fake provider either way.
(() => {
  'use strict';

  const form = document.getElementById('new-bot-form');
  const zone = form && form.dataset.browserZone === 'suggest' ? document.getElementById('Input_Timezone') : null;
  const browserZone = (() => {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch {
      return undefined;
    }
  })();
  if (zone && browserZone) {
    // Only a zone the select offers: a zone this host does not know stays UTC.
    if (Array.from(zone.options).some((option) => option.value === browserZone)) {
      zone.value = browserZone;
      zone.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }

  const openAi = document.getElementById('openai-settings');
  const providers = document.querySelectorAll('#new-bot-form input[name="Input.LlmProvider"]');
  const show = () => {
    const chosen = document.querySelector('#new-bot-form input[name="Input.LlmProvider"]:checked');
    openAi.hidden = chosen !== null && chosen.id === 'llm-fake';
  };
  if (openAi && providers.length > 0) {
    providers.forEach((provider) => provider.addEventListener('change', show));
    show();
  }
})();
