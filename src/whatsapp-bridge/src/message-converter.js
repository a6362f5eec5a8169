// Raw Baileys message -> the message object the host archives (README: "The message object").
// Pure: the caller has learned the message's LID pairs and looked up the group's name beforehand.
import { isGroupJid, isLidJid, isPhoneJid, sameUser, withoutDevice } from './jid.js';

// Wrappers whose inner message is the real one (disappearing messages, view once, captioned documents).
const WRAPPERS = ['ephemeralMessage', 'viewOnceMessage', 'viewOnceMessageV2', 'viewOnceMessageV2Extension', 'documentWithCaptionMessage'];
// Keys of a message that are not its content.
const NOT_CONTENT = new Set(['messageContextInfo', 'senderKeyDistributionMessage']);

// WhatsApp timestamps are seconds, as a number or (history sync) a protobuf Long.
export function secondsOf(value) {
  if (typeof value === 'object' && value !== null) return typeof value.toNumber === 'function' ? value.toNumber() : Number(value.low ?? 0);
  return Number(value ?? 0) || 0;
}

function contentOf(raw) {
  let content = raw?.message;
  for (let depth = 0; depth < 3 && content; depth += 1) {
    const wrapper = WRAPPERS.find((name) => content[name]?.message);
    if (!wrapper) break;
    content = content[wrapper].message;
  }
  return content ?? null;
}

// Stubs (no body), revokes and edits (protocolMessage) and bare sender-key distributions carry nothing
// for the host.
export function hasBody(raw) {
  const key = raw?.key;
  const content = contentOf(raw);
  if (!key?.id || !key.remoteJid || !content || content.protocolMessage) return false;
  return Object.keys(content).some((type) => !NOT_CONTENT.has(type));
}

export function textOf(raw) {
  const content = contentOf(raw);
  const text = content.conversation ?? content.extendedTextMessage?.text;
  if (typeof text === 'string') return text;
  return `[User sent a non-text message: ${Object.keys(content).find((type) => !NOT_CONTENT.has(type))}]`;
}

// The first line of the message this one answers (WhatsApp's "reply" to a message), at most 200 characters:
// the host reads a draft's number from the draft notice the owner answers. Null when it answers nothing.
export function quotedTextOf(raw) {
  const quoted = contentOf(raw)?.extendedTextMessage?.contextInfo?.quotedMessage;
  const text = quoted?.conversation ?? quoted?.extendedTextMessage?.text;
  return typeof text === 'string' ? text.split('\n', 1)[0].slice(0, 200) : null;
}

// What the store keeps of a message: enough to convert it again, without media keys, thumbnails or
// quoted messages (a bridge may hold a thousand users with a thousand messages per group each).
export function slimmed(raw) {
  const text = textOf(raw);
  const content = contentOf(raw);
  const type = Object.keys(content).find((name) => !NOT_CONTENT.has(name));
  return {
    key: { ...raw.key },
    messageTimestamp: secondsOf(raw.messageTimestamp),
    pushName: raw.pushName ?? null,
    message: content.conversation !== undefined || content.extendedTextMessage ? { conversation: text } : { [type]: {} },
  };
}

// LID/phone pairs a message key reveals (Baileys 7 puts the other form in remoteJidAlt/participantAlt).
// own = {jid, lid}: the account's phone JID and LID (either may be unknown).
export function lidPairsOf(raw, own = {}) {
  const key = raw?.key ?? {};
  const pairs = [];
  const isOwn = (jid) => sameUser(jid, own.jid) || sameUser(jid, own.lid);
  if (isGroupJid(key.remoteJid)) {
    if (key.participant && key.participantAlt) pairs.push({ lid: key.participant, phone: key.participantAlt });
    // Our own message in a group names us by LID: that LID is ours.
    if (key.fromMe && isLidJid(key.participant) && own.jid) pairs.push({ lid: key.participant, phone: own.jid });
  } else if (key.remoteJid && key.remoteJidAlt && !isOwn(key.remoteJidAlt)) {
    // (On our own messages the alternative can be our own address, never the chat's.)
    pairs.push({ lid: key.remoteJid, phone: key.remoteJidAlt });
  }
  if (own.jid && own.lid) pairs.push({ lid: own.lid, phone: own.jid });
  return pairs;
}

// context: {type: upsert type, own: {jid, lid}, lidMap, contacts, groupName}
export function convertMessage(raw, { type = 'notify', own = {}, lidMap, contacts, groupName = null } = {}) {
  if (!hasBody(raw)) return null;
  const key = raw.key;
  const chat = key.remoteJid;
  const isGroup = isGroupJid(chat);
  const fromMe = Boolean(key.fromMe);
  const alt = isGroup ? key.participantAlt : key.remoteJidAlt;
  const ownLid = own.lid ?? lidMap.lidOf(own.jid);

  const sender = fromMe ? own.jid ?? withoutDevice(key.participant) : isGroup ? key.participant ?? null : chat;
  const senderPhone = fromMe ? own.jid ?? null : firstOf(isPhoneJid, sender, alt, lidMap.phoneOf(sender));
  const senderLid = fromMe ? ownLid ?? null : firstOf(isLidJid, sender, alt, lidMap.lidOf(sender));
  // The host keys its memory of a person on this: the phone JID stays when WhatsApp switches the chat
  // between LID and phone addressing.
  const correspondent = isGroup ? chat : firstOf(isPhoneJid, chat, fromMe ? null : key.remoteJidAlt, lidMap.phoneOf(chat)) ?? chat;

  const displayName = (raw.pushName || null) // an empty push name is no name
    ?? firstName((jid) => contacts.pushNameOf(jid), sender, senderPhone, senderLid)
    ?? firstName((jid) => contacts.contactNameOf(jid), sender, senderPhone, senderLid);

  const alternates = [
    sender,
    withoutDevice(sender),
    // For our own messages the chat is the other person, not another name of the sender.
    !isGroup && !fromMe ? chat : null,
    !isGroup && !fromMe ? key.remoteJidAlt : null,
    key.participant,
    key.participantAlt,
    senderPhone,
    lidMap.phoneOf(key.participant),
    lidMap.counterpart(sender),
    fromMe ? own.jid : null,
    fromMe ? ownLid : null,
    displayName, // last: the JIDs first, then the name the host may know the person by
  ];

  return {
    id: key.id,
    chat_id: chat,
    correspondent_id: correspondent,
    sender_id: sender,
    sender_phone_jid: senderPhone,
    sender_lid: senderLid,
    from_me: fromMe,
    is_group: isGroup,
    group_name: isGroup ? groupName ?? null : null,
    display_name: displayName ?? null,
    text: textOf(raw),
    originating_time: secondsOf(raw.messageTimestamp) * 1000,
    recipient_id: fromMe ? correspondent : own.jid ?? null,
    alternate_identifiers: [...new Set(alternates.filter((value) => typeof value === 'string' && value !== ''))],
    quoted_text: quotedTextOf(raw),
    type,
  };
}

// The first value that is of the wanted kind, without device suffix.
function firstOf(isKind, ...values) {
  const found = values.find((value) => isKind(value));
  return found ? withoutDevice(found) : null;
}

function firstName(nameOf, ...jids) {
  for (const jid of jids) {
    const name = jid ? nameOf(jid) : null;
    if (name) return name;
  }
  return null;
}
