// The Baileys auth state ({creds, keys}) of one user, kept in memory and written to the credential store
// on every change. The store holds one object per user: {creds, keys: {<type>: {<id>: value}}}.
export async function loadAuthState({ store, userId, initAuthCreds, reviveKey = (type, value) => value }) {
  const saved = await store.load(userId);
  const data = saved ?? { creds: initAuthCreds(), keys: {} };
  let closed = false;
  const persist = () => (closed ? Promise.resolve() : store.save(userId, data));

  return {
    state: {
      creds: data.creds,
      keys: {
        async get(type, ids) {
          const ofType = data.keys[type] ?? {};
          const found = {};
          for (const id of ids) {
            if (ofType[id] !== undefined) found[id] = reviveKey(type, ofType[id]);
          }
          return found;
        },
        async set(changes) {
          for (const [type, entries] of Object.entries(changes)) {
            data.keys[type] ??= {};
            for (const [id, value] of Object.entries(entries)) {
              if (value === null || value === undefined) delete data.keys[type][id];
              else data.keys[type][id] = value;
            }
          }
          await persist();
        },
      },
    },
    // Every stored key of a type ({id: value}), e.g. the `lid-mapping` pairs the LID map starts from.
    listKeys: (type) => ({ ...(data.keys[type] ?? {}) }),
    // Baileys mutates state.creds in place and then emits creds.update.
    saveCreds: persist,
    // After an unlink or relink the old socket may still emit updates; they must not recreate the file.
    close() {
      closed = true;
    },
    wasSaved: saved !== null,
  };
}
