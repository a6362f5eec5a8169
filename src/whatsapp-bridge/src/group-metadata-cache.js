// One user's group metadata (subject, participants), so a group message does not cost a look-up at
// WhatsApp: the original fetched the metadata for every group message and history entry, and WhatsApp
// answers that with "rate-overlimit" (spec/14 item 31). Filled from the groups route
// (groupFetchAllParticipating emits groups.update with every group), groups.upsert/groups.update and
// group-participants.update events, and on a miss from one groupMetadata(jid) look-up:
// - at most one look-up per group at a time; callers meanwhile wait for that one (single flight);
// - an entry is fresh for an hour, then the next use fetches it again;
// - a failed look-up is remembered for five minutes: no new look-up for that group meanwhile, and the
//   older metadata (if any) is used, else none (name null).
// Also Baileys' `cachedGroupMetadata`, so its sends to groups use these entries instead of fetching.
export const GROUP_METADATA_TTL_MS = 60 * 60_000;
export const FAILED_LOOKUP_TTL_MS = 5 * 60_000;

export class GroupMetadataCache {
  #entries = new Map(); // jid -> {metadata, expiresAt, failedUntil}
  #lookups = new Map(); // jid -> the promise of the look-up under way

  // fetch(jid) -> metadata: groupMetadata on the current socket (throws without one).
  constructor({ fetch, now = () => Date.now(), logger, ttlMs = GROUP_METADATA_TTL_MS, failureTtlMs = FAILED_LOOKUP_TTL_MS }) {
    Object.assign(this, { fetch, now, logger, ttlMs, failureTtlMs });
  }

  // Complete metadata (groups.upsert, groupFetchAllParticipating) or a partial update (groups.update):
  // merged into what is known.
  update(metadata) {
    if (!metadata?.id) return;
    const known = this.#entries.get(metadata.id)?.metadata;
    const merged = { ...known, ...withoutUndefined(metadata) };
    this.#entries.set(metadata.id, { metadata: merged, expiresAt: this.now() + this.ttlMs, failedUntil: 0 });
  }

  // group-participants.update: applied to known participants; an unknown group waits for its look-up.
  participantsChanged({ id, participants = [], action }) {
    const entry = this.#entries.get(id);
    if (!entry || !Array.isArray(entry.metadata.participants)) return;
    const ids = new Set(participants.map((participant) => (typeof participant === 'string' ? participant : participant?.id)));
    let list = entry.metadata.participants;
    if (action === 'remove') list = list.filter((participant) => !ids.has(participant.id));
    else if (action === 'add') {
      const added = participants.map((participant) => (typeof participant === 'string' ? { id: participant } : participant));
      list = [...list.filter((participant) => !ids.has(participant.id)), ...added];
    } else if (action === 'promote' || action === 'demote') {
      const admin = action === 'promote' ? 'admin' : null;
      list = list.map((participant) => (ids.has(participant.id) ? { ...participant, admin, isAdmin: admin !== null } : participant));
    }
    entry.metadata = { ...entry.metadata, participants: list };
  }

  // Fresh complete metadata, without a look-up (what Baileys gets as cachedGroupMetadata).
  peek(jid) {
    const entry = this.#entries.get(jid);
    if (!entry || entry.expiresAt <= this.now() || !Array.isArray(entry.metadata?.participants)) return undefined;
    return entry.metadata;
  }

  // The metadata, looked up on a miss or after expiry; null when unknown and the look-up failed.
  async get(jid) {
    const entry = this.#entries.get(jid);
    const now = this.now();
    if (entry && (entry.expiresAt > now || entry.failedUntil > now)) return entry.metadata ?? null;
    let lookup = this.#lookups.get(jid);
    if (!lookup) {
      lookup = this.#lookUp(jid).finally(() => this.#lookups.delete(jid));
      this.#lookups.set(jid, lookup);
    }
    return lookup;
  }

  async nameOf(jid) {
    const known = this.#entries.get(jid)?.metadata?.subject;
    // A subject from an event is good enough for a name, even without participants.
    if (known && this.#entries.get(jid).expiresAt > this.now()) return known;
    return (await this.get(jid))?.subject ?? null;
  }

  clear() {
    this.#entries.clear();
  }

  async #lookUp(jid) {
    try {
      const metadata = await this.fetch(jid);
      if (!metadata) throw new Error('no metadata');
      this.update({ ...metadata, id: metadata.id ?? jid });
      return this.#entries.get(jid).metadata;
    } catch (error) {
      this.logger?.warn({ err: error, group: jid }, 'group metadata look-up failed; not retried for 5 minutes');
      const stale = this.#entries.get(jid)?.metadata ?? null;
      this.#entries.set(jid, { metadata: stale, expiresAt: 0, failedUntil: this.now() + this.failureTtlMs });
      return stale;
    }
  }
}

function withoutUndefined(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}
