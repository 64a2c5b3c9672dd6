/**
 * Entry point of a session worker thread (started by `WorkerSessionHost`): imports the modules that
 * register environments, then serves the sessions the server assigns to it with a `LocalSessionHost`, so
 * environments are made and stepped here and never on the thread that accepts connections. Counters live
 * in shared memory; log records go to the server's logger.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { ServerContext } from './context.ts';
import { SharedCounters } from './counters.ts';
import { LOG_LEVELS, type LogFields, type Logger, type LogLevel } from './logger.ts';
import type { ResolvedServerOptions } from './options.ts';
import { LocalSessionHost } from './session-host.ts';
import { ReplySlots } from './reply-slots.ts';
import type { WorkerRequest, WorkerMessage, SessionWorkerData } from './worker-messages.ts';

const data = workerData as SessionWorkerData;
const port = parentPort!;
const replies = new ReplySlots(data.replySlots);

function post(m: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(m, transfer);
}

function safeFields(fields: LogFields | undefined): LogFields | undefined {
  if (fields === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(fields)) as LogFields;
  } catch {
    return { note: 'fields were not serializable' };
  }
}

function forwardingLogger(level: LogLevel): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const send = (lvl: LogLevel) => (msg: string, fields?: LogFields) => {
    if (LOG_LEVELS.indexOf(lvl) >= threshold) post({ t: 'log', level: lvl, msg, fields: safeFields(fields) });
  };
  return { level, debug: send('debug'), info: send('info'), warn: send('warn'), error: send('error') };
}

async function main(): Promise<void> {
  let host: LocalSessionHost;
  try {
    for (const m of data.preload) await import(m.startsWith('file:') ? m : pathToFileURL(m).href);
    const options = { ...data.options, logger: forwardingLogger(data.logLevel) } as ResolvedServerOptions;
    host = new LocalSessionHost(new ServerContext(options, new SharedCounters(data.counters), data.startedAt));
  } catch (e) {
    post({ t: 'failed', error: (e as Error).message });
    return;
  }
  port.on('message', (m: WorkerRequest) => {
    switch (m.t) {
      case 'open':
        host.open(m.sid, m.remote, m.moved);
        break;
      case 'frame':
        void host.frame(m.sid, m.data, m.binary).then((o) => {
          const slot = replies.put(o.reply);
          if (slot >= 0) post({ t: 'outcome', seq: m.seq, slot, length: o.reply.length, close: o.close, valid: o.valid, helloDone: o.helloDone });
          else post({ t: 'outcome', seq: m.seq, reply: o.reply, close: o.close, valid: o.valid, helloDone: o.helloDone }, [o.reply.buffer as ArrayBuffer]);
        });
        break;
      case 'closeSession':
        void host.closeSession(m.sid).then(() => post({ t: 'done', seq: m.seq }));
        break;
      case 'close':
        void host.close().then(() => post({ t: 'done', seq: m.seq }));
        break;
    }
  });
  post({ t: 'ready' });
}

void main();
