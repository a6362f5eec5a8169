// Tracked groups, the schedules as they are typed. Two places use it, with the server's rules (Pages/Bots/
// Tracking.cshtml.cs handlers Groups and Preview):
// - the Edit page's helper panel (#tracking-help): the live session's groups in a picker (their id to copy
//   into the configuration) and a cron field whose next occurrences, in the bot's zone, follow what is typed;
// - the group tracking settings form: each row's cron field (data-preview-url) with its words and next runs,
//   and a group picked from the live groups filling an empty display name.
(() => {
  'use strict';

  const getJson = async (url) => {
    const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    return { ok: response.ok, body };
  };

  // Asks the server about a cron as it is typed and hands the latest answer to show (earlier ones are dropped).
  const followCron = (input, url, show) => {
    let latest = 0;
    let timer = 0;
    const preview = async () => {
      const asked = ++latest;
      try {
        const { body } = await getJson(`${url}?cron=${encodeURIComponent(input.value)}`);
        if (asked === latest) {
          show(body || { problem: 'could not be checked.', occurrences: [] });
        }
      } catch {
        if (asked === latest) {
          show({ problem: 'could not be checked.', occurrences: [] });
        }
      }
    };
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(preview, 250);
    });
    return preview;
  };

  const runsList = (occurrences) => (occurrences || []).map((occurrence) => {
    const item = document.createElement('li');
    item.textContent = occurrence.local;
    return item;
  });

  const panel = document.getElementById('tracking-help');
  if (panel) {
    panel.hidden = false;
    const loadGroups = document.getElementById('load-groups');
    const groupsStatus = document.getElementById('groups-status');
    const picker = document.getElementById('group-picker');
    const groupId = document.getElementById('group-id');
    const problem = document.getElementById('cron-problem');
    const occurrences = document.getElementById('cron-occurrences');

    loadGroups.addEventListener('click', async () => {
      groupsStatus.textContent = 'Listing…';
      try {
        const { ok, body } = await getJson(panel.dataset.groupsUrl);
        if (!ok || !Array.isArray(body)) {
          groupsStatus.textContent = (body && body.problem) || 'The groups could not be listed.';
          return;
        }
        picker.replaceChildren(new Option(body.length ? '(choose a group)' : '(the session is in no group)', ''),
          ...body.map((group) => new Option(`${group.subject} — ${group.id}`, group.id)));
        picker.disabled = body.length === 0;
        groupsStatus.textContent = `${body.length} group(s).`;
      } catch {
        groupsStatus.textContent = 'The groups could not be listed.';
      }
    });

    picker.addEventListener('change', () => {
      groupId.value = picker.value;
    });

    followCron(document.getElementById('cron'), panel.dataset.previewUrl, (body) => {
      problem.textContent = body.problem ? `This schedule ${body.problem}` : '';
      occurrences.replaceChildren(...runsList(body.occurrences));
    })();
  }

  // Rows are added by row-lists.js after load, so each cron field is wired when first focused.
  const wired = new WeakSet();
  document.addEventListener('focusin', (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.dataset.previewUrl || wired.has(input)) {
      return;
    }
    wired.add(input);
    followCron(input, input.dataset.previewUrl, (body) => {
      const row = input.closest('[data-row]');
      row.querySelector('[data-cron-problem]').textContent = body.problem ? `This schedule ${body.problem}` : '';
      row.querySelector('[data-cron-words]').textContent = body.problem ? '' : `Runs ${body.words || 'on this schedule'}; next:`;
      row.querySelector('[data-cron-runs]').replaceChildren(...runsList(body.occurrences).slice(0, 3));
    });
  });

  const liveGroups = document.getElementById('live-groups');
  document.addEventListener('change', (event) => {
    const input = event.target;
    if (!liveGroups || !(input instanceof HTMLInputElement) || !('groupId' in input.dataset)) {
      return;
    }
    const chosen = [...liveGroups.options].find((option) => option.value === input.value);
    const displayName = input.closest('[data-row]').querySelector('[data-display-name]');
    if (chosen && displayName && displayName.value.trim() === '') {
      displayName.value = chosen.textContent;
    }
  });
})();
