// One user's recent raw group messages, for POST /sessions/{userId}/fetch-messages: the last 1,000 per
// group chat, from live upserts and history sync, in memory only (lost on restart; the host's archive is
// the history). Direct chats are not kept: a bridge may hold a thousand users, and only group tracking
// reads history from the bridge.
import { isGroupJid } from './jid.js';
import { hasBody, secondsOf, slimmed } from './message-converter.js';

export const MESSAGES_PER_GROUP = 1_000;
const TRIM_STEP = 100;

const timeOf = (entry) => secondsOf(entry.raw.messageTimestamp);

// [id, entry] pairs of the `count` newest messages, newest first. WhatsApp times are whole seconds: within
// one second the later arrival counts as the newer, so a burst keeps its order.
function newestFirst(messages, count) {
  return [...messages]
    .map((pair, arrival) => ({ pair, arrival }))
    .sort((a, b) => timeOf(b.pair[1]) - timeOf(a.pair[1]) || b.arrival - a.arrival)
    .slice(0, count)
    .map(({ pair }) => pair);
}

export class GroupMessageStore {
  #chats = new Map(); // group jid -> Map(message id -> {raw, type}), in arrival order

  constructor({ perGroup = MESSAGES_PER_GROUP } = {}) {
    this.perGroup = perGroup;
  }

  // Keeps group messages with a body, slimmed; a message seen before (history and live overlap) is
  // replaced.
  add(original, type) {
    const chat = original?.key?.remoteJid;
    if (!isGroupJid(chat) || !hasBody(original)) return;
    const raw = slimmed(original);
    let messages = this.#chats.get(chat);
    if (!messages) {
      messages = new Map();
      this.#chats.set(chat, messages);
    }
    messages.delete(raw.key.id);
    messages.set(raw.key.id, { raw, type });
    // History sync comes newest first, so the oldest by WhatsApp time go, not the first to arrive; trimmed
    // in steps so a large history batch is not sorted once per message.
    if (messages.size > this.perGroup + TRIM_STEP) this.#chats.set(chat, new Map(newestFirst(messages, this.perGroup)));
  }

  // The last `limit` messages of the group by WhatsApp time, oldest first.
  latest(chat, limit) {
    const messages = this.#chats.get(chat);
    if (!messages) return [];
    return newestFirst(messages, Math.min(limit, this.perGroup)).map(([, entry]) => entry).reverse();
  }

  clear() {
    this.#chats.clear();
  }
}
