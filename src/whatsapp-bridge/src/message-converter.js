// Raw Baileys message -> the message object the host archives. Deliberately small for now: the full
// processing of spec/10 §5 (LID mapping, group names, alternate identifiers) is still to come.
export function convertMessage(raw) {
  const key = raw?.key;
  const content = raw?.message;
  if (!key?.id || !key.remoteJid || !content) return null; // stubs carry no body
  if (content.protocolMessage) return null; // revokes and edits
  const types = Object.keys(content).filter((type) => type !== 'messageContextInfo');
  if (types.length === 0 || (types.length === 1 && types[0] === 'senderKeyDistributionMessage')) return null;

  const isGroup = key.remoteJid.endsWith('@g.us');
  const text = content.conversation ?? content.extendedTextMessage?.text
    ?? `[User sent a non-text message: ${types.find((type) => type !== 'senderKeyDistributionMessage')}]`;
  return {
    id: key.id,
    chat_id: key.remoteJid,
    sender_id: isGroup ? key.participant ?? null : key.remoteJid,
    from_me: Boolean(key.fromMe),
    is_group: isGroup,
    display_name: raw.pushName ?? null,
    text,
    originating_time: Number(raw.messageTimestamp ?? 0) * 1000,
  };
}
