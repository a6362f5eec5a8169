// One user's names for people: push names (what a contact calls themselves, seen on their messages) and
// contact names (from the address book sync). In memory only; bounded, because a bridge may hold a
// thousand users and a busy group brings many strangers.
import { withoutDevice } from './jid.js';

const MAX_NAMES = 5_000;

export class ContactBook {
  #pushNames = new BoundedMap(MAX_NAMES);
  #contactNames = new BoundedMap(MAX_NAMES);

  rememberPushName(jids, name) {
    if (typeof name !== 'string' || name.trim() === '') return;
    for (const jid of jids) if (jid) this.#pushNames.set(withoutDevice(jid), name);
  }

  // Contacts from contacts.upsert/update and history sync (Baileys' Contact: id, lid, phoneNumber,
  // name = address book, notify = push name, verifiedName = business). Returns the LID/phone pairs
  // they carry, for the LID map.
  rememberContacts(contacts = []) {
    const pairs = [];
    for (const contact of contacts) {
      if (!contact?.id) continue;
      const jids = [contact.id, contact.lid, contact.phoneNumber].filter(Boolean);
      const contactName = contact.name ?? contact.verifiedName;
      if (typeof contactName === 'string' && contactName !== '') {
        for (const jid of jids) this.#contactNames.set(withoutDevice(jid), contactName);
      }
      this.rememberPushName(jids, contact.notify);
      for (const other of [contact.lid, contact.phoneNumber]) {
        if (other && other !== contact.id) pairs.push({ lid: contact.id, phone: other });
      }
      if (contact.lid && contact.phoneNumber) pairs.push({ lid: contact.lid, phone: contact.phoneNumber });
    }
    return pairs;
  }

  pushNameOf(jid) {
    return jid ? this.#pushNames.get(withoutDevice(jid)) ?? null : null;
  }

  contactNameOf(jid) {
    return jid ? this.#contactNames.get(withoutDevice(jid)) ?? null : null;
  }

  clear() {
    this.#pushNames.clear();
    this.#contactNames.clear();
  }
}

// A Map that forgets its least recently written entry beyond a size.
class BoundedMap extends Map {
  constructor(limit) {
    super();
    this.limit = limit;
  }

  set(key, value) {
    super.delete(key);
    super.set(key, value);
    if (this.size > this.limit) super.delete(this.keys().next().value);
    return this;
  }
}
