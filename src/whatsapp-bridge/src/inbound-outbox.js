// Inbound messages per user, kept until the host acknowledges them (after its archive write).
// Each user has an append-only file <data>/outbox/<hex user id>.jsonl of lines
//   {"add": <message>}   a message received from WhatsApp
//   {"ack": "<id>"}      the host has it
// On open the file is replayed and rewritten with only the pending messages, so it does not grow forever.
// The host dedupes by message id, so a message resent after a crash between archive write and ack is harmless.
import { mkdir, readdir, readFile, rename, appendFile, writeFile } from 'node:fs/promises';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { userFileName, userIdFromFileName } from './user-file-name.js';

const EXTENSION = '.jsonl';

export class InboundOutbox {
  #users = new Map();

  constructor({ dir, logger }) {
    this.dir = dir;
    this.logger = logger;
  }

  // Users with a backlog left by a previous run, so the host can drain it before any session starts.
  async openAll() {
    let names = [];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
    for (const name of names) {
      const userId = userIdFromFileName(name, EXTENSION);
      if (userId !== null) await this.forUser(userId);
    }
  }

  forUser(userId) {
    let opening = this.#users.get(userId);
    if (!opening) {
      opening = UserOutbox.open(join(this.dir, userFileName(userId, EXTENSION)), this.logger);
      this.#users.set(userId, opening);
    }
    return opening;
  }

  async hasBacklog(userId) {
    if (!this.#users.has(userId)) return false;
    return (await this.forUser(userId)).pending.size > 0;
  }
}

export class UserOutbox extends EventEmitter {
  #writes = Promise.resolve();

  constructor(file, pending) {
    super();
    this.file = file;
    this.pending = pending; // id -> message, in arrival order
  }

  static async open(file, logger) {
    const pending = new Map();
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      let entry;
      try {
        entry = JSON.parse(line);
      } catch {
        // Only the last line can be torn (a crash mid-append); skipping it loses nothing acknowledged.
        logger?.warn({ file }, 'outbox: unreadable line skipped');
        continue;
      }
      if (entry.add) pending.set(entry.add.id, entry.add);
      else if (entry.ack !== undefined) pending.delete(entry.ack);
    }
    await mkdir(join(file, '..'), { recursive: true });
    const compacted = [...pending.values()].map((message) => `${JSON.stringify({ add: message })}\n`).join('');
    await writeFile(`${file}.tmp`, compacted);
    await rename(`${file}.tmp`, file);
    return new UserOutbox(file, pending);
  }

  // Resolves once the message is in the file; returns false for an id already pending.
  async add(message) {
    return (await this.addAll([message])).length === 1;
  }

  // One append for the whole batch (one upsert), not one per message: at thousands of messages a second
  // the per-call cost of appendFile dominates. Resolves with the messages added, once they are all in the
  // file; ids already pending (or repeated within the batch) are left out.
  async addAll(messages) {
    const added = [];
    for (const message of messages) {
      if (this.pending.has(message.id)) continue;
      this.pending.set(message.id, message);
      added.push(message);
    }
    if (added.length > 0) await this.#append(added.map((message) => `${JSON.stringify({ add: message })}\n`).join(''));
    return added;
  }

  // Returns the ids that were pending (an unknown or repeated ack is ignored).
  async ack(ids) {
    const removed = ids.filter((id) => this.pending.delete(id));
    if (removed.length > 0) {
      this.emit('acked', removed); // before the write: whoever waits for room needs only the count
      await this.#append(removed.map((id) => `${JSON.stringify({ ack: id })}\n`).join(''));
    }
    return removed;
  }

  list() {
    return [...this.pending.values()];
  }

  #append(text) {
    this.#writes = this.#writes.then(() => appendFile(this.file, text));
    return this.#writes;
  }
}
