// POST /sessions/{userId}/fetch-messages {"groupId","limit"}: the group's recent messages from the
// bridge's in-memory store (group-message-store.js), oldest first, as message objects. Baileys has no
// active history fetch worth using here (it asks the phone, answers arrive later as history sync), and
// the host's archive is the long history anyway.
export const DEFAULT_FETCH_LIMIT = 100;
export const MAX_FETCH_LIMIT = 1_000;

// readBody() -> the parsed JSON body. Answers {status, body}.
export async function fetchMessages(session, readBody) {
  if (!session?.socket || session.status !== 'connected') {
    return { status: 404, body: { error: 'no connected session', status: session?.status ?? 'disconnected' } };
  }
  const { groupId, limit = DEFAULT_FETCH_LIMIT } = (await readBody()) ?? {};
  if (typeof groupId !== 'string' || !groupId.endsWith('@g.us')) {
    return { status: 400, body: { error: 'groupId (a group JID ending in @g.us) is required' } };
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FETCH_LIMIT) {
    return { status: 400, body: { error: `limit must be a whole number from 1 to ${MAX_FETCH_LIMIT}` } };
  }
  return { status: 200, body: { messages: await session.messaging.fetchMessages(groupId, limit) } };
}
