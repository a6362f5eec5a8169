// WhatsApp JIDs as plain strings, so the message processing does not need Baileys loaded (the tests run
// without it). Phone JIDs end in @s.whatsapp.net, LIDs (WhatsApp's privacy ids, 2025 on) in @lid,
// groups in @g.us; a device suffix (":12") marks one linked device of an account.

export const isGroupJid = (jid) => typeof jid === 'string' && jid.endsWith('@g.us');
export const isLidJid = (jid) => typeof jid === 'string' && /@(hosted\.)?lid$/.test(jid);
export const isPhoneJid = (jid) => typeof jid === 'string' && /@(s\.whatsapp\.net|hosted)$/.test(jid);

// "4915112345678:12@s.whatsapp.net" -> "4915112345678@s.whatsapp.net"; null stays null.
export function withoutDevice(jid) {
  if (typeof jid !== 'string' || jid === '') return null;
  return jid.replace(/:\d+@/, '@');
}

// The user part ("4915112345678" of "4915112345678:12@s.whatsapp.net").
export function userOf(jid) {
  if (typeof jid !== 'string') return null;
  const at = jid.indexOf('@');
  const user = (at < 0 ? jid : jid.slice(0, at)).split(':')[0];
  return user === '' ? null : user;
}

// Same account, whatever the device suffix.
export const sameUser = (a, b) => a != null && b != null && withoutDevice(a) === withoutDevice(b);
