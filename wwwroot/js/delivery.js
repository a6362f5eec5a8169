// The delivery page live (live.js): the depth of each queue changes as soon as the stream says so, then the
// lists and the sender's state are read again from this page itself (its server-rendered sections, with
// their forms), so a row looks the same whether it came with the page or later. Without JavaScript the page
// is as loaded, with a Reload link.
(() => {
  'use strict';

  const live = document.getElementById('delivery-live');
  if (!live || !window.imposterLive) {
    return;
  }
  const sectionIds = ['sender-state', 'active', 'holding', 'failed', 'withdrawn'];

  const setDepths = (depths) => {
    for (const [state, depth] of Object.entries(depths ?? {})) {
      const count = document.getElementById(`${state}-count`);
      if (count) {
        count.textContent = depth;
      }
    }
  };

  // One read at a time; a change announced during a read is read right after it.
  let reading = false;
  let again = false;
  const refresh = async () => {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    again = false;
    try {
      const response = await fetch(window.location.href, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
      if (response.ok) {
        const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
        // Keyboard users keep their place: the control that had focus gets it back in the new rows.
        const focused = document.activeElement?.closest('form')?.id;
        for (const id of sectionIds) {
          const current = document.getElementById(id);
          const replacement = fresh.getElementById(id);
          if (current && replacement) {
            current.replaceWith(document.importNode(replacement, true));
          }
        }
        if (focused) {
          document.getElementById(focused)?.querySelector('button')?.focus();
        }
      }
    } catch {
      // A network hiccup: the next change, or the stream's reconnection, reads again.
    } finally {
      reading = false;
    }
    if (again) {
      await refresh();
    }
  };

  window.imposterLive.open(live.dataset.eventsUrl, {
    snapshot: (snapshot) => {
      setDepths(snapshot.bots[0]?.depths);
      refresh();
    },
    delivery: (event) => {
      setDepths(event.depths);
      refresh();
    },
    // Connected or not: where new items go, and what the sender says.
    status: refresh,
  });
})();
