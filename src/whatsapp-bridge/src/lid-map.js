// One user's LID <-> phone number map. WhatsApp addresses a contact by LID or by phone JID and switches
// between them; Baileys 7 resolves phone -> LID only for pairs it has already seen, so the bridge keeps
// every pair it learns (message keys, contacts, group participants, Baileys' lid-mapping.update).
//
// Persisted as Baileys' own `lid-mapping` keys in the user's encrypted credential file
// ({<phone user>: <lid user>, "<lid user>_reverse": <phone user>}): one file, erased with the login,
// and Baileys' LID store reads the pairs learned here (and we read the ones it stored) with no copy.
import { isLidJid, isPhoneJid, userOf, withoutDevice } from './jid.js';

const REVERSE = '_reverse';

export class LidMap {
  #lidUserByPhoneUser = new Map();
  #phoneUserByLidUser = new Map();
  #persist;

  // persist(entries) stores new pairs in the `lid-mapping` key format; it is swapped on every (re)connect.
  constructor({ persist = async () => {} } = {}) {
    this.#persist = persist;
  }

  // Replaces the map with the stored `lid-mapping` entries (a fresh login: none) and where to write.
  reset(entries = {}, persist = this.#persist) {
    this.#lidUserByPhoneUser.clear();
    this.#phoneUserByLidUser.clear();
    this.#persist = persist;
    for (const [id, value] of Object.entries(entries ?? {})) {
      if (typeof value !== 'string') continue;
      if (id.endsWith(REVERSE)) this.#remember(value, id.slice(0, -REVERSE.length));
      else this.#remember(id, value);
    }
  }

  get size() {
    return this.#lidUserByPhoneUser.size;
  }

  // Learns pairs [{lid, phone}] (either JID may come in either position); stores the new ones.
  // Returns how many were new.
  async learn(pairs) {
    const entries = {};
    let added = 0;
    for (const pair of pairs) {
      const [lid, phone] = ordered(pair.lid, pair.phone);
      if (!lid) continue;
      const lidUser = userOf(lid);
      const phoneUser = userOf(phone);
      if (this.#lidUserByPhoneUser.get(phoneUser) === lidUser) continue;
      this.#remember(phoneUser, lidUser);
      entries[phoneUser] = lidUser;
      entries[`${lidUser}${REVERSE}`] = phoneUser;
      added += 1;
    }
    if (added > 0) await this.#persist(entries);
    return added;
  }

  // The phone JID of a LID (or the phone JID itself, without device), or null when unknown.
  phoneOf(jid) {
    if (isPhoneJid(jid)) return withoutDevice(jid);
    if (!isLidJid(jid)) return null;
    const phoneUser = this.#phoneUserByLidUser.get(userOf(jid));
    return phoneUser ? `${phoneUser}@s.whatsapp.net` : null;
  }

  // The LID of a phone JID (or the LID itself, without device), or null when unknown.
  lidOf(jid) {
    if (isLidJid(jid)) return withoutDevice(jid);
    if (!isPhoneJid(jid)) return null;
    const lidUser = this.#lidUserByPhoneUser.get(userOf(jid));
    return lidUser ? `${lidUser}@lid` : null;
  }

  // The other form of a JID (LID for a phone JID and back), or null when unknown.
  counterpart(jid) {
    if (isLidJid(jid)) return this.phoneOf(jid);
    if (isPhoneJid(jid)) return this.lidOf(jid);
    return null;
  }

  #remember(phoneUser, lidUser) {
    // A phone number that got a new LID (or the reverse): the old pairing goes, both ways.
    const oldLid = this.#lidUserByPhoneUser.get(phoneUser);
    if (oldLid !== undefined) this.#phoneUserByLidUser.delete(oldLid);
    const oldPhone = this.#phoneUserByLidUser.get(lidUser);
    if (oldPhone !== undefined) this.#lidUserByPhoneUser.delete(oldPhone);
    this.#lidUserByPhoneUser.set(phoneUser, lidUser);
    this.#phoneUserByLidUser.set(lidUser, phoneUser);
  }
}

// [lid, phone] when one of the two is a LID and the other a phone JID, else [null, null].
function ordered(a, b) {
  if (isLidJid(a) && isPhoneJid(b)) return [a, b];
  if (isPhoneJid(a) && isLidJid(b)) return [b, a];
  return [null, null];
}
