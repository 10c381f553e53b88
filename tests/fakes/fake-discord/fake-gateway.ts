import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { buildGuildCreate } from './fake-payloads.ts';
import { INTENTS, type FakeWorld } from './fake-world.ts';

/**
 * The gateway as @discordjs/ws speaks it with plain JSON frames (no zlib-sync installed): HELLO,
 * IDENTIFY → READY + GUILD_CREATE, heartbeats ACKed, and dispatches filtered by the intents the
 * client identified with, as Discord filters them.
 */

export interface Identify {
  token: string;
  intents: number;
  at: number;
}

interface Session {
  socket: WebSocket;
  intents: number;
  sequence: number;
}

export interface FakeGateway {
  url: string;
  identifies: Identify[];
  /** Sends an event to every identified session whose intents cover `intent` (null: always). */
  dispatch(type: string, data: unknown, intent: number | null, shape?: (data: unknown, intents: number) => unknown): void;
  /** Open sessions; 0 once the client has gone. */
  sessionCount(): number;
  close(): Promise<void>;
}

export function startFakeGateway(server: Server, baseUrl: string, world: FakeWorld, options: { messageContentAllowed: boolean }): FakeGateway {
  const wss = new WebSocketServer({ server, path: '/gateway' });
  const sessions = new Set<Session>();
  const identifies: Identify[] = [];

  const send = (session: Session, type: string, data: unknown) => {
    session.sequence += 1;
    session.socket.send(JSON.stringify({ op: 0, t: type, s: session.sequence, d: data }));
  };

  wss.on('connection', (socket) => {
    let session: Session | null = null;
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    socket.on('message', (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: { token?: string; intents?: number } | null };
      if (payload.op === 1) {
        socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      } else if (payload.op === 2) {
        const intents = payload.d?.intents ?? 0;
        identifies.push({ token: payload.d?.token ?? '', intents, at: Date.now() });
        if (payload.d?.token !== world.token) return socket.close(4004, 'Authentication failed.');
        if ((intents & INTENTS.MessageContent) !== 0 && !options.messageContentAllowed) return socket.close(4014, 'Disallowed intent(s).');
        session = { socket, intents, sequence: 0 };
        sessions.add(session);
        send(session, 'READY', {
          v: 10,
          user: world.bot,
          guilds: [{ id: world.guildId, unavailable: true }],
          session_id: `session-${identifies.length}`,
          resume_gateway_url: `${baseUrl.replace(/^http/, 'ws')}/gateway`,
          shard: [0, 1],
          application: { id: world.applicationId, flags: 0 },
        });
        if ((intents & INTENTS.Guilds) !== 0) send(session, 'GUILD_CREATE', buildGuildCreate(world));
      } else if (payload.op === 6) {
        // No resumes here: tell the client to identify anew.
        socket.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
      }
    });
    socket.on('close', () => {
      if (session) sessions.delete(session);
    });
  });

  return {
    url: `${baseUrl.replace(/^http/, 'ws')}/gateway`,
    identifies,
    dispatch(type, data, intent, shape) {
      for (const session of sessions) {
        if (intent !== null && (session.intents & intent) === 0) continue;
        send(session, type, shape ? shape(data, session.intents) : data);
      }
    },
    sessionCount: () => sessions.size,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
