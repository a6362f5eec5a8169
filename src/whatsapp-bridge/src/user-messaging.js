// What one user's session knows about people, groups and recent group messages, and how inbound
// messages become the host's message objects: the LID map, push and contact names, group metadata, the
// group message store, and the filters from the user's provider settings. Lives as long as the session
// (across reconnects); each new socket is attached and feeds it through its events.
import { ContactBook } from './contact-book.js';
import { GroupMetadataCache } from './group-metadata-cache.js';
import { GroupMessageStore } from './group-message-store.js';
import { isGroupJid, withoutDevice } from './jid.js';
import { LidMap } from './lid-map.js';
import { convertMessage, hasBody, lidPairsOf, secondsOf } from './message-converter.js';

// Before the first open of a session, "offline" means older than the bridge process.
const PROCESS_STARTED_AT = Date.now();

export class UserMessaging {
  lidMap = new LidMap();
  contacts = new ContactBook();
  store = new GroupMessageStore();
  #socket = null;
  #auth = null;
  #isCurrent = () => false;
  #openedAt = null;
  #queue = Promise.resolve();

  // settings() -> the provider settings (provider-settings.js); now() -> ms.
  constructor({ logger, now = () => Date.now(), settings, processStartedAt = PROCESS_STARTED_AT }) {
    Object.assign(this, { logger, now, settings, processStartedAt });
    this.groups = new GroupMetadataCache({ fetch: (jid) => this.#lookUpGroup(jid), now, logger });
  }

  // Baileys' `cachedGroupMetadata` option: its sends to groups go through this cache too.
  cachedGroupMetadata = async (jid) => (await this.groups.get(jid)) ?? undefined;

  // A new socket of this session: the LID map is (re)loaded from its login state, its events feed us.
  // auth: the session's loaded auth state (auth-state.js); isCurrent(): false once the socket is retired.
  attach(socket, { auth, isCurrent }) {
    this.#socket = socket;
    this.#auth = auth;
    this.#isCurrent = isCurrent;
    this.lidMap.reset(auth.listKeys('lid-mapping'), (entries) => auth.state.keys.set({ 'lid-mapping': entries }));
    const on = (event, handler) => socket.ev.on(event, (payload) => {
      if (!isCurrent()) return;
      Promise.resolve(handler(payload)).catch((error) => this.logger.error({ err: error, event }, 'event handling failed'));
    });
    on('connection.update', (update) => {
      if (update.connection !== 'open') return undefined;
      this.#openedAt = this.now();
      const own = this.own();
      return this.lidMap.learn([{ lid: own.lid, phone: own.jid }]);
    });
    on('contacts.upsert', (contacts) => this.lidMap.learn(this.contacts.rememberContacts(contacts)));
    on('contacts.update', (contacts) => this.lidMap.learn(this.contacts.rememberContacts(contacts)));
    on('lid-mapping.update', ({ lid, pn } = {}) => this.lidMap.learn([{ lid, phone: pn }]));
    on('messaging-history.set', (history) => this.#onHistory(history));
    on('groups.upsert', (groups) => this.#onGroups(groups));
    on('groups.update', (groups) => this.#onGroups(groups));
    on('group-participants.update', (update) => {
      this.groups.participantsChanged(update);
      return this.lidMap.learn(participantPairs(update.participants));
    });
  }

  // The account's phone JID and LID, without device (either may be unknown).
  own() {
    const user = this.#socket?.user ?? this.#auth?.state.creds.me ?? {};
    return { jid: withoutDevice(user.id), lid: withoutDevice(user.lid) };
  }

  // messages.upsert -> deliver(the message objects for the host, after the filters). Upserts are
  // handled one after the other, delivery included, so they reach the outbox in WhatsApp's order.
  onUpsert({ messages = [], type = 'notify' }, deliver = async () => {}) {
    const result = this.#queue.then(async () => deliver(await this.#convertUpsert(messages, type)));
    this.#queue = result.catch(() => {});
    return result;
  }

  // POST /fetch-messages: the group's stored messages, oldest first, converted with offline
  // processing on and groups allowed.
  async fetchMessages(groupId, limit) {
    const entries = this.store.latest(groupId, limit);
    if (entries.length === 0) return [];
    const groupName = await this.groups.nameOf(groupId);
    const context = { own: this.own(), lidMap: this.lidMap, contacts: this.contacts, groupName };
    return entries.map(({ raw, type }) => convertMessage(raw, { ...context, type })).filter(Boolean);
  }

  // The login is gone (logged out, unlinked): so is what was learned with it.
  forget() {
    this.lidMap.reset({});
    this.contacts.clear();
    this.groups.clear();
    this.store.clear();
  }

  async #convertUpsert(messages, type) {
    const own = this.own();
    const settings = this.settings();
    const pairs = [];
    for (const raw of messages) {
      this.store.add(raw, type);
      pairs.push(...lidPairsOf(raw, own));
    }
    await this.lidMap.learn(pairs);
    const converted = [];
    let dropped = 0;
    for (const raw of messages) {
      if (!hasBody(raw)) continue;
      this.#rememberPushName(raw);
      if (!this.#wanted(raw, settings)) {
        dropped += 1;
        continue;
      }
      // Only for messages that go to the host: a filtered group costs no look-up.
      const groupName = isGroupJid(raw.key.remoteJid) ? await this.groups.nameOf(raw.key.remoteJid) : null;
      converted.push(convertMessage(raw, { type, own, lidMap: this.lidMap, contacts: this.contacts, groupName }));
    }
    if (dropped > 0) this.logger.debug({ dropped, type }, 'messages filtered out by the provider settings');
    return converted;
  }

  #wanted(raw, settings) {
    if (isGroupJid(raw.key.remoteJid) && !settings.allow_group_messages) return false;
    if (settings.process_offline_messages) return true;
    // WhatsApp times are whole seconds: compared in seconds, a message sent in the second of the open
    // is not "offline".
    const threshold = Math.floor((this.#openedAt ?? this.processStartedAt) / 1000);
    return secondsOf(raw.messageTimestamp) >= threshold;
  }

  #rememberPushName(raw) {
    if (raw.key.fromMe || !raw.pushName) return;
    const sender = isGroupJid(raw.key.remoteJid) ? raw.key.participant : raw.key.remoteJid;
    const alt = isGroupJid(raw.key.remoteJid) ? raw.key.participantAlt : raw.key.remoteJidAlt;
    this.contacts.rememberPushName([sender, alt, this.lidMap.counterpart(withoutDevice(sender))], raw.pushName);
  }

  async #onHistory({ contacts = [], messages = [], lidPnMappings = [] } = {}) {
    const own = this.own();
    const pairs = [...this.contacts.rememberContacts(contacts), ...lidPnMappings.map(({ lid, pn }) => ({ lid, phone: pn }))];
    for (const raw of messages) {
      if (!hasBody(raw)) continue;
      this.store.add(raw, 'append');
      pairs.push(...lidPairsOf(raw, own));
      this.#rememberPushName(raw);
    }
    await this.lidMap.learn(pairs);
  }

  #onGroups(groups = []) {
    for (const metadata of groups) this.groups.update(metadata);
    return this.lidMap.learn(groups.flatMap((metadata) => participantPairs(metadata.participants)));
  }

  async #lookUpGroup(jid) {
    if (!this.#socket || !this.#isCurrent()) throw new Error('no WhatsApp connection');
    const metadata = await this.#socket.groupMetadata(jid);
    await this.lidMap.learn(participantPairs(metadata?.participants));
    return metadata;
  }
}

// Group participants in Baileys 7: {id, lid?, phoneNumber?}, id being either form.
function participantPairs(participants) {
  if (!Array.isArray(participants)) return [];
  return participants.flatMap((participant) => {
    if (!participant || typeof participant !== 'object') return [];
    return [participant.lid, participant.phoneNumber].filter(Boolean).map((other) => ({ lid: participant.id, phone: other }));
  });
}
