// The sandbox chat without reloads: the message form is sent to the sandbox API with fetch, and the
// conversation grows as the archive and the bot's outbound messages do: the page's live stream (live.js)
// says when a message entered this conversation, and the page then reads what is new from the same APIs.
// Without JavaScript the form posts to the page and the page shows the same conversation, with a Reload link.
(() => {
  'use strict';

  const chat = document.getElementById('chat');
  const form = document.getElementById('send-message');
  if (!chat || !form) {
    return;
  }
  const userId = chat.dataset.userId;
  const conversationId = chat.dataset.conversation || null;
  let afterId = Number(chat.dataset.afterId || 0);
  let afterSeq = Number(chat.dataset.afterSeq || 0);
  const list = document.getElementById('conversation');
  const status = document.getElementById('send-status');
  const api = `/api/external/users/${encodeURIComponent(userId)}`;

  const field = (name) => form.elements.namedItem(name);
  // The API's field names to the form's, as the page maps them on the server.
  const formFields = {
    correspondent_id: 'Input.CorrespondentId',
    display_name: 'Input.DisplayName',
    group: 'Input.GroupId',
    'group.id': 'Input.GroupId',
    text: 'Input.Text',
  };

  // Times as the server writes them (UtcTime.cs): "yyyy-MM-dd HH:mm:ss UTC".
  const utc = (date) => `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

  const append = (time, from, source, text, fromBot) => {
    const item = document.createElement('li');
    item.className = fromBot ? 'from-bot' : 'from-correspondent';
    const meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = `${utc(time)} · ${from} · ${source}`;
    const body = document.createElement('span');
    body.className = 'text';
    body.textContent = text;
    item.append(meta, body);
    list.append(item);
    item.scrollIntoView({ block: 'nearest' });
    document.getElementById('no-conversation')?.remove();
  };

  const clearErrors = () => {
    for (const errors of form.querySelectorAll('ul[data-errors-for]')) {
      errors.remove();
    }
  };

  // Lists errors where the server would (beside the field, or at the top of the form).
  const showErrors = (name, messages) => {
    const errors = document.createElement('ul');
    errors.className = name ? 'field-errors' : 'form-errors';
    errors.dataset.errorsFor = name;
    errors.setAttribute('role', 'alert');
    for (const message of messages) {
      const item = document.createElement('li');
      item.textContent = message;
      errors.append(item);
    }
    const input = name ? field(name) : null;
    if (input) {
      input.after(errors);
    } else {
      form.prepend(errors);
    }
  };

  const getJson = async (url) => {
    const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    return response.ok ? response.json() : null;
  };

  // One read at a time; a message announced during a read is read right after it.
  let polling = false;
  let again = false;
  const poll = async () => {
    if (!conversationId) {
      return;
    }
    if (polling) {
      again = true;
      return;
    }
    polling = true;
    again = false;
    try {
      const archived = await getJson(
        `/api/external/features/automatic_bot_reply/queue/${encodeURIComponent(userId)}/${encodeURIComponent(conversationId)}?after_id=${afterId}`);
      for (const message of archived ?? []) {
        afterId = Math.max(afterId, message.id);
        append(new Date(message.accepted_time), message.sender.display_name ?? message.sender.identifier,
          message.source, message.content, message.source !== 'user');
      }
      const outbound = await getJson(`${api}/sandbox/outbound?after=${afterSeq}`);
      for (const message of outbound?.messages ?? []) {
        afterSeq = Math.max(afterSeq, message.seq);
        if (message.recipient === conversationId) {
          const text = message.text ?? `[${message.type} ${message.file_name ?? ''}] ${message.caption ?? ''}`.trim();
          append(new Date(message.sent_at), userId, 'bot reply', text, true);
        }
      }
    } catch {
      // A network hiccup: the next message, or the stream's reconnection, reads again.
    } finally {
      polling = false;
    }
    if (again) {
      await poll();
    }
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    const correspondent = field('Input.CorrespondentId').value;
    const displayName = field('Input.DisplayName').value;
    const groupSelect = field('Input.GroupId');
    const groupId = groupSelect.value;
    const body = { correspondent_id: correspondent, text: field('Input.Text').value };
    if (displayName) {
      body.display_name = displayName;
    }
    // The checkbox, not its hidden "false" twin of the same name (which makes namedItem a list).
    if (form.querySelector('input[type="checkbox"][name="Input.FromOwner"]').checked) {
      body.from_owner = true;
    }
    if (groupId) {
      body.group = { id: groupId, name: groupSelect.selectedOptions[0].dataset.name || groupId };
    }
    status.textContent = 'Sending…';
    let response;
    try {
      response = await fetch(`${api}/sandbox/inbound`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(body),
      });
    } catch {
      status.textContent = 'Not sent: the server could not be reached. Try again.';
      return;
    }
    if (response.status === 202) {
      status.textContent = 'Sent and archived.';
      field('Input.Text').value = '';
      const target = groupId || correspondent;
      if (target !== conversationId) {
        // Another conversation: the page shows it from the archive, then follows it.
        const query = new URLSearchParams({ correspondent, name: displayName, group: groupId });
        window.location.assign(`${window.location.pathname}?${query}`);
        return;
      }
      await poll();
      return;
    }
    status.textContent = '';
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      // Not ProblemDetails (a proxy's error page): the status line below says what happened.
    }
    const unplaced = [];
    for (const [key, messages] of Object.entries(problem?.errors ?? {})) {
      if (formFields[key]) {
        showErrors(formFields[key], messages);
      } else {
        unplaced.push(...messages);
      }
    }
    if (!problem?.errors) {
      unplaced.push(problem?.detail ?? problem?.title ?? `The message was not sent (HTTP ${response.status}).`);
    }
    if (unplaced.length > 0) {
      showErrors('', unplaced);
    }
  });

  // The snapshot comes when the stream (re)opens: what arrived since the page was rendered is read then.
  window.imposterLive?.open(chat.dataset.eventsUrl, {
    snapshot: poll,
    chat: (event) => {
      if (event.conversation === conversationId) {
        poll();
      }
    },
  });
})();
