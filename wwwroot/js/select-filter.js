// Long selects marked data-filter (the time-zone and language pickers, Pages/Shared) get a filter box: typing
// keeps the options whose text contains every typed word, and Enter picks the first one left. Without
// script the select is a plain select, which the keyboard can already search by first letters.
(() => {
  'use strict';

  let count = 0;
  for (const select of document.querySelectorAll('select[data-filter]')) {
    const box = document.createElement('input');
    box.type = 'search';
    box.id = `${select.id || `select-${count}`}-filter`;
    count += 1;
    box.className = 'select-filter';
    box.placeholder = `Filter ${select.dataset.filter}…`;
    box.autocomplete = 'off';
    box.setAttribute('aria-label', `Filter the ${select.dataset.filter} of "${select.labels[0]?.textContent ?? select.name}"`);
    box.setAttribute('aria-controls', select.id);
    select.before(box);

    const options = [...select.options];
    const filter = () => {
      const words = box.value.toLowerCase().replaceAll('_', ' ').split(/\s+/).filter(Boolean);
      let first = null;
      for (const option of options) {
        const text = `${option.text} ${option.value}`.toLowerCase().replaceAll('_', ' ');
        const shown = words.every((word) => text.includes(word));
        // The selected option stays, so the select never shows a value that is not in its list.
        option.hidden = !shown && !option.selected;
        if (shown && first === null) {
          first = option;
        }
      }
      for (const group of select.querySelectorAll('optgroup')) {
        group.hidden = [...group.children].every((option) => option.hidden);
      }
      return first;
    };
    box.addEventListener('input', filter);
    box.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') {
        return;
      }
      // Enter in the box picks, it does not submit the form.
      event.preventDefault();
      const first = filter();
      if (first !== null) {
        select.value = first.value;
        select.dispatchEvent(new Event('change', { bubbles: true }));
        select.focus();
      }
    });
  }
})();
