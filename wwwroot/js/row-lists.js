// The settings forms' list editors (Pages/Bots/Settings): Add another, Remove, Up, Down and the picker's Add
// act in place instead of posting. Rows are renumbered after each change so the form posts
// Input.List[0..n] without gaps, which is how the server reads a list. Without script each button posts and
// the server shows the form again, changed and unsaved.
(() => {
  'use strict';

  const renumber = (list) => {
    const rows = [...list.querySelectorAll('[data-row]')];
    rows.forEach((row, index) => {
      const fix = (value) => value
        .replace(/\[\d+\]/, `[${index}]`)
        .replace(/_\d+__/, `_${index}__`)
        .replace(/:(\d+)$/, `:${index}`);
      for (const element of row.querySelectorAll('[name], [id], [for], [data-errors-for], button[value]')) {
        for (const attribute of ['name', 'id', 'for', 'data-errors-for']) {
          if (element.hasAttribute(attribute)) {
            element.setAttribute(attribute, fix(element.getAttribute(attribute)));
          }
        }
        if (element.tagName === 'BUTTON' && element.name === 'edit') {
          element.value = fix(element.value);
          const label = element.getAttribute('aria-label');
          if (label) {
            element.setAttribute('aria-label', label.replace(/\d+/, `${index + 1}`));
          }
        }
      }
      for (const number of row.querySelectorAll('[data-row-number]')) {
        number.textContent = `${index + 1}`;
      }
    });
    return rows;
  };

  // A copy of a row with its values, messages and schedule cleared.
  const blankRow = (list) => {
    const rows = list.querySelectorAll('[data-row]');
    const row = rows[rows.length - 1].cloneNode(true);
    for (const input of row.querySelectorAll('input')) {
      input.value = input.classList.contains('cron-input') ? input.defaultValue || '0 20 * * *' : '';
    }
    for (const select of row.querySelectorAll('select')) {
      select.selectedIndex = 0;
    }
    for (const cleared of row.querySelectorAll('[data-matches], [data-cron-problem], [data-cron-words], [data-cron-runs]')) {
      cleared.replaceChildren();
    }
    for (const errors of row.querySelectorAll('.field-errors')) {
      errors.remove();
    }
    return row;
  };

  const isBlank = (row) => [...row.querySelectorAll('input:not(.cron-input)')].every((input) => input.value.trim() === '');

  for (const list of document.querySelectorAll('[data-row-list]')) {
    const rowsOf = list.querySelector('.rows');
    list.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-row-action]');
      if (!button) {
        return;
      }
      event.preventDefault();
      const row = button.closest('[data-row]');
      switch (button.dataset.rowAction) {
        case 'add': {
          const added = blankRow(list);
          rowsOf.append(added);
          renumber(list);
          added.querySelector('input').focus();
          break;
        }
        case 'pick': {
          const picker = list.querySelector('select[data-picker]');
          const chosen = picker.selectedOptions[0];
          if (!picker.value) {
            picker.focus();
            break;
          }
          let target = [...rowsOf.querySelectorAll('[data-row]')].find(isBlank);
          if (!target) {
            target = blankRow(list);
            rowsOf.append(target);
          }
          target.querySelector('input').value = picker.value;
          const matches = target.querySelector('[data-matches]');
          if (matches) {
            matches.textContent = chosen.dataset.matches || '';
          }
          if (!isBlank(rowsOf.lastElementChild)) {
            rowsOf.append(blankRow(list));
          }
          renumber(list);
          picker.selectedIndex = 0;
          target.querySelector('input').focus();
          break;
        }
        case 'remove': {
          if (rowsOf.querySelectorAll('[data-row]').length === 1) {
            rowsOf.append(blankRow(list));
          }
          const next = row.nextElementSibling || row.previousElementSibling;
          row.remove();
          renumber(list);
          next?.querySelector('input')?.focus();
          break;
        }
        case 'up':
          if (row.previousElementSibling) {
            row.previousElementSibling.before(row);
            renumber(list);
            button.focus();
          }
          break;
        case 'down':
          if (row.nextElementSibling) {
            row.nextElementSibling.after(row);
            renumber(list);
            button.focus();
          }
          break;
        default:
          break;
      }
    });
  }
})();
