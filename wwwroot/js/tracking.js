// Edit page, tracked groups helper: the live session's groups in a picker (their id to copy into the
// configuration) and a cron field whose next occurrences, in the bot's zone, follow what is typed. The
// rules are the server's (Pages/Bots/Tracking.cshtml.cs handlers Groups and Preview).
(() => {
  'use strict';

  const panel = document.getElementById('tracking-help');
  if (!panel) {
    return;
  }
  panel.hidden = false;
  const loadGroups = document.getElementById('load-groups');
  const groupsStatus = document.getElementById('groups-status');
  const picker = document.getElementById('group-picker');
  const groupId = document.getElementById('group-id');
  const cron = document.getElementById('cron');
  const problem = document.getElementById('cron-problem');
  const occurrences = document.getElementById('cron-occurrences');

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

  // Only the answer to the latest keystroke is shown.
  let latest = 0;
  const preview = async () => {
    const asked = ++latest;
    const url = `${panel.dataset.previewUrl}?cron=${encodeURIComponent(cron.value)}`;
    try {
      const { body } = await getJson(url);
      if (asked !== latest) {
        return;
      }
      problem.textContent = body && body.problem ? `This schedule ${body.problem}` : '';
      occurrences.replaceChildren(...((body && body.occurrences) || []).map((occurrence) => {
        const item = document.createElement('li');
        item.textContent = occurrence.local;
        return item;
      }));
    } catch {
      if (asked === latest) {
        problem.textContent = 'The schedule could not be checked.';
      }
    }
  };
  let timer = 0;
  cron.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(preview, 250);
  });
  preview();
})();
