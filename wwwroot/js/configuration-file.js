// Configuration editor, import form: a file over the size limit is refused as soon as it is chosen, before
// it travels; a much larger one would otherwise meet the site's request limit (a 413 instead of the page).
// Without JavaScript the server refuses files over the limit beside the field the same way.
(() => {
  'use strict';

  const form = document.getElementById('import-configuration');
  const file = document.getElementById('Import_File');
  if (!form || !file) {
    return;
  }
  const maxBytes = Number(form.dataset.maxBytes);
  file.addEventListener('change', () => {
    const chosen = file.files[0];
    file.setCustomValidity(chosen && chosen.size > maxBytes
      ? `The file is ${Math.ceil(chosen.size / 1024)} KB; a configuration file may be at most ${Math.floor(maxBytes / 1024)} KB.`
      : '');
    file.reportValidity();
  });
})();
