// HTTP and WebSocket on one port, every request and upgrade checked against the shared secret
// (header "Authorization: Bearer <secret>"). Listens on loopback unless configured otherwise: the
// original published an unauthenticated bridge that could send as any user (spec/14 item 2).
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { fetchMessages } from './fetch-messages.js';
import { HostLinks } from './host-link.js';
import { rateLimitOf } from './rate-limit.js';

const MAX_BODY_BYTES = 25 * 1024 * 1024; // base64 documents (ICS digests) fit easily
const SESSION_ROUTE = /^\/sessions\/([^/]+)(\/[a-z-]+)?$/;

// extraRoutes(request, response, url) => handled (boolean or promise of it): more routes behind the same
// secret, tried first. Only the fake bridge passes it (its /fake/ control routes); src/main.js never does.
export function createBridgeServer({ secret, sessions, outbox, logger, extraRoutes }) {
  if (!secret || secret.length < 16) throw new Error('BRIDGE_SECRET is required (at least 16 characters)');
  const expected = digest(secret);
  const authorised = (request) => {
    const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
    return match !== null && timingSafeEqual(digest(match[1]), expected);
  };

  const links = new HostLinks({ sessions, outbox, logger });
  const webSockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

  const server = createServer((request, response) => {
    if (!authorised(request)) return reply(response, 401, { error: 'missing or wrong bridge secret' });
    const url = new URL(request.url, 'http://bridge');
    Promise.resolve(extraRoutes?.(request, response, url) ?? false)
      .then((handled) => (handled ? undefined : route(request, response, sessions)))
      .catch((error) => {
        if (!response.headersSent) reply(response, error.status ?? 500, { error: error.message, ...error.answer });
        else response.destroy();
      });
  });

  server.on('upgrade', (request, socket, head) => {
    const userId = eventsUserId(request.url);
    if (!authorised(request) || userId === null) {
      const status = userId === null ? '404 Not Found' : '401 Unauthorized';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    webSockets.handleUpgrade(request, socket, head, (webSocket) => {
      links.attach(userId, webSocket).catch((error) => logger.error({ err: error, userId }, 'attaching the host failed'));
    });
  });

  server.closeLinks = () => links.closeAll();
  return server;
}

async function route(request, response, sessions) {
  const { pathname } = new URL(request.url, 'http://bridge');
  if (pathname === '/health' && request.method === 'GET') return reply(response, 200, { status: 'ok' });
  if (pathname === '/initialize' && request.method === 'POST') {
    const { userId, config } = await readJson(request);
    if (typeof userId !== 'string' || userId === '') return reply(response, 400, { error: 'userId is required' });
    if (config !== undefined && config !== null && (typeof config !== 'object' || Array.isArray(config))) {
      return reply(response, 400, { error: 'config must be an object' });
    }
    const session = await sessions.initialize(userId, config ?? undefined);
    return reply(response, 200, session.snapshot());
  }
  const match = SESSION_ROUTE.exec(pathname);
  if (!match) return reply(response, 404, { error: 'no such endpoint' });
  const userId = decodeURIComponent(match[1]);
  const action = `${request.method} ${match[2] ?? ''}`;

  if (action === 'DELETE ') {
    await sessions.unlink(userId);
    return reply(response, 200, { status: 'logged_out' });
  }
  const session = sessions.get(userId);
  if (action === 'GET /status') {
    if (!session) return reply(response, 404, { status: 'disconnected', qr: null, user_jid: null });
    if (new URL(request.url, 'http://bridge').searchParams.get('heartbeat') === 'true') session.heartbeat();
    return reply(response, 200, session.snapshot());
  }
  if (action === 'POST /stop') {
    return sessions.stop(userId) ? reply(response, 200, session.snapshot()) : reply(response, 404, { error: 'no session' });
  }
  if (action === 'POST /send') return send(request, response, session);
  if (action === 'POST /fetch-messages') {
    const { status, body } = await fetchMessages(session, () => readJson(request));
    return reply(response, status, body);
  }
  if (action === 'POST /presence') return sendPresence(request, response, session);
  if (action === 'POST /groups') {
    const socket = connectedSocket(session);
    const groups = await socket.groupFetchAllParticipating();
    return reply(response, 200, { groups: Object.values(groups).map(({ id, subject }) => ({ id, subject })) });
  }
  return reply(response, 404, { error: 'no such endpoint' });
}

async function send(request, response, session) {
  const socket = connectedSocket(session);
  const body = await readJson(request);
  if (!body.recipient) return reply(response, 400, { error: 'recipient is required' });
  let content;
  if (body.type === 'document') {
    if (!body.content || !body.fileName || !body.mimetype) {
      return reply(response, 400, { error: 'content, fileName and mimetype are required for documents' });
    }
    content = { document: Buffer.from(body.content, 'base64'), fileName: body.fileName, mimetype: body.mimetype, caption: body.caption };
  } else {
    if (typeof body.message !== 'string' || body.message === '') return reply(response, 400, { error: 'message is required' });
    content = { text: body.message };
  }
  const jid = await recipientJid(socket, body.recipient);
  if (jid === null) return reply(response, 400, { error: `${body.recipient} is not on WhatsApp` });
  const sent = await passingOnRateLimits(response, () => socket.sendMessage(jid, content));
  if (sent === RATE_LIMITED) return undefined;
  return reply(response, 200, {
    status: 'sent',
    recipient: jid,
    message: body.type === 'document' ? '[Document]' : body.message,
    provider_message_id: sent?.key?.id ?? null,
  });
}

const PRESENCES = new Set(['composing', 'paused']);

// Typing indicator: "composing" while the host prepares a reply, "paused" when it gives up.
async function sendPresence(request, response, session) {
  const socket = connectedSocket(session);
  const body = await readJson(request);
  if (typeof body.recipient !== 'string' || body.recipient === '') return reply(response, 400, { error: 'recipient is required' });
  if (!PRESENCES.has(body.presence)) return reply(response, 400, { error: 'presence must be "composing" or "paused"' });
  const jid = await recipientJid(socket, body.recipient);
  if (jid === null) return reply(response, 400, { error: `${body.recipient} is not on WhatsApp` });
  const done = await passingOnRateLimits(response, () => socket.sendPresenceUpdate(body.presence, jid));
  if (done === RATE_LIMITED) return undefined;
  return reply(response, 200, { status: 'ok' });
}

// The JID to send to, or null when a phone number is not on WhatsApp.
async function recipientJid(socket, recipient) {
  // @lid recipients are used as they are: converting them to phone JIDs splits encryption sessions.
  if (/@(g\.us|s\.whatsapp\.net|lid)$/.test(recipient)) return recipient;
  const [found] = (await socket.onWhatsApp(recipient)) ?? [];
  return found?.exists ? found.jid : null;
}

const RATE_LIMITED = Symbol('rate limited');

// WhatsApp's rate limit is the account's, so the host must slow down rather than retry at once: it gets
// 429 (with Retry-After when known). Any other failure propagates to the usual error answer.
async function passingOnRateLimits(response, action) {
  try {
    return await action();
  } catch (error) {
    const limit = rateLimitOf(error);
    if (!limit) throw error;
    const headers = limit.retryAfterSeconds === null ? {} : { 'retry-after': String(limit.retryAfterSeconds) };
    reply(response, 429, { error: 'rate limited', retry_after_seconds: limit.retryAfterSeconds }, headers);
    return RATE_LIMITED;
  }
}

function connectedSocket(session) {
  if (!session?.socket || session.status !== 'connected') {
    // The session's status tells the host why (linking, reconnecting, ...); no session is "disconnected".
    throw Object.assign(new Error('no connected session'), { status: 404, answer: { status: session?.status ?? 'disconnected' } });
  }
  return session.socket;
}

// ws://<bridge>/sessions/<userId>/events
function eventsUserId(url) {
  const match = /^\/sessions\/([^/?]+)\/events(\?.*)?$/.exec(url ?? '');
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

export function readJson(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      // Counted while streaming, so a chunked body cannot bypass the limit (spec/14 item 5).
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('body too large'), { status: 413 }));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => {
      if (size === 0) return resolve({});
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(Object.assign(new Error('body is not JSON'), { status: 400 }));
      }
    });
    request.on('error', reject);
  });
}

export function reply(response, status, body, headers = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function digest(text) {
  return createHash('sha256').update(text, 'utf8').digest();
}
