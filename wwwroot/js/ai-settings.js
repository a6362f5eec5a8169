// AI settings page: the final system prompt follows the persona as it is typed. The rule is the server's
// (Configuration/SystemPrompt.cs): only {user_id} is replaced, everything else stays as written. Without
// JavaScript the Preview button shows the same.
(() => {
  'use strict';

  const persona = document.getElementById('Input_Persona');
  const preview = document.getElementById('preview');
  if (!persona || !preview) {
    return;
  }
  const userId = persona.dataset.userId;
  const update = () => {
    preview.textContent = persona.value.split('{user_id}').join(userId);
  };
  persona.addEventListener('input', update);
})();
