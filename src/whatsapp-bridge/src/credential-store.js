// WhatsApp login state per user, one encrypted file per user under <data>/credentials/.
// AES-256-GCM with the key from the environment; the user id is the additional authenticated data, so a
// file copied to another user's name does not decrypt. Writes go through a per-user queue and land with a
// rename, so a crash leaves the previous state, never a half-written file.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from './buffer-json.js';
import { userFileName } from './user-file-name.js';

const EXTENSION = '.cred';
const FORMAT_VERSION = 1;

export function credentialKeyFromText(text) {
  if (!text) throw new Error('BRIDGE_CREDENTIALS_KEY is required (32 bytes, base64 or hex)');
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('BRIDGE_CREDENTIALS_KEY must decode to 32 bytes');
  return key;
}

export class CredentialStore {
  #queues = new Map();

  constructor({ dir, key }) {
    if (!Buffer.isBuffer(key) || key.length !== 32) throw new Error('credential key must be 32 bytes');
    this.dir = dir;
    this.key = key;
  }

  fileOf(userId) {
    return join(this.dir, userFileName(userId, EXTENSION));
  }

  // Queued like the writes, so a load sees every save and erase asked for before it.
  load(userId) {
    return this.#enqueue(userId, async () => {
      let blob;
      try {
        blob = await readFile(this.fileOf(userId));
      } catch (error) {
        if (error.code === 'ENOENT') return null;
        throw error;
      }
      return parse(this.#decrypt(userId, blob));
    });
  }

  async has(userId) {
    return (await this.load(userId)) !== null;
  }

  save(userId, value) {
    const text = stringify(value);
    return this.#enqueue(userId, async () => {
      await mkdir(this.dir, { recursive: true });
      const file = this.fileOf(userId);
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, this.#encrypt(userId, text), { mode: 0o600 });
      await rename(temporary, file);
    });
  }

  // Exactly this user's file; queued behind pending writes so a late write cannot bring it back.
  erase(userId) {
    return this.#enqueue(userId, () => rm(this.fileOf(userId), { force: true }));
  }

  #enqueue(userId, work) {
    const previous = this.#queues.get(userId) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(work);
    this.#queues.set(userId, next);
    next.finally(() => {
      if (this.#queues.get(userId) === next) this.#queues.delete(userId);
    }).catch(() => {});
    return next;
  }

  #encrypt(userId, text) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(userId, 'utf8'));
    const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT_VERSION]), iv, cipher.getAuthTag(), data]);
  }

  #decrypt(userId, blob) {
    if (blob[0] !== FORMAT_VERSION) throw new Error(`unknown credential file format ${blob[0]}`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, blob.subarray(1, 13));
    decipher.setAAD(Buffer.from(userId, 'utf8'));
    decipher.setAuthTag(blob.subarray(13, 29));
    return Buffer.concat([decipher.update(blob.subarray(29)), decipher.final()]).toString('utf8');
  }
}
