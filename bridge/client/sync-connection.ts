/**
 * `SyncConnection`: a connection that can block. The WebSocket lives in a worker thread
 * (`socket-worker.mjs`); the calling thread posts request frames to it and, to wait for a reply, blocks
 * in `Atomics.wait` on a shared counter that the worker bumps after posting each incoming frame, then
 * takes the frame with `receiveMessageOnPort`. This is what lets the synchronous `Env` API (and so every
 * agent of the package and `checkEnv`) drive a remote environment unchanged. The same connection also
 * serves asynchronous requests, woken by `Atomics.waitAsync`.
 * @module
 */
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { BridgeError } from '../protocol/error-codes.ts';
import { packageFile } from '../../src/package-files.ts';
import type { HelloReply } from '../protocol/messages.ts';
import { encode } from '../protocol/msgpack.ts';
import { PROTOCOL_VERSION } from '../protocol/version.ts';
import type { ConnectOptions, ReplyFields, SyncChannel } from './channel.ts';
import { closeError, refusalError } from './close-reasons.ts';
import { DEFAULT_CLIENT_NAME, checkHello } from './connection.ts';
import { ReplyQueue } from './reply-queue.ts';

type WorkerMessage =
  | { type: 'open' }
  | { type: 'frame'; data: Uint8Array }
  | { type: 'refused'; status: number; body: string }
  | { type: 'error'; message: string }
  | { type: 'close'; code: number; reason: string };

const WORKER_URL = packageFile('bridge/client/socket-worker.mjs');

/** `Atomics.waitAsync` (ES2024; present in Node 20, missing from the ES2023 lib typings). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(a: Int32Array, index: number, value: number, timeout: number): { async: boolean; value: Promise<'ok' | 'timed-out'> | 'not-equal' | 'timed-out' };
  }
).waitAsync.bind(Atomics);

/** The blocking connection. */
export class SyncConnection implements SyncChannel {
  readonly url: string;
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly counter: Int32Array;
  private readonly timeoutMs: number;
  private readonly queue = new ReplyQueue();
  private helloReply: HelloReply | null = null;
  private closedError: BridgeError | null = null;
  private pumping = false;

  private constructor(url: string, options: ConnectOptions) {
    this.url = url;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    const signal = new SharedArrayBuffer(4);
    this.counter = new Int32Array(signal);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
    this.worker = new Worker(WORKER_URL, {
      workerData: { url, headers, maxPayload: options.maxPayload ?? 2 ** 30, timeoutMs: this.timeoutMs, port: port2, signal },
      transferList: [port2],
      execArgv: [],
      stdout: false,
      stderr: false,
    });
    this.worker.unref();
    this.worker.on('error', (e) => this.fail(new BridgeError('connection_closed', `The socket thread failed: ${e.message}`)));
  }

  /**
   * Connects to `url` and says hello, blocking the calling thread until done.
   *
   * @example
   * ```ts
   * // not run: needs a server listening there (`npx edgellm-gym serve`)
   * const conn = SyncConnection.open('ws://127.0.0.1:8765');
   * const { handle } = conn.requestSync('make', { env: 'EdgeLLM-v0' });
   * ```
   * @throws {BridgeError} as `Connection.open`.
   */
  static open(url: string, options: ConnectOptions = {}): SyncConnection {
    const conn = new SyncConnection(url, options);
    try {
      const first = conn.next(Date.now() + conn.timeoutMs, `connecting to ${url}`);
      if (first.type === 'refused') throw refusalError(first.status, first.body);
      if (first.type === 'error') throw new BridgeError(/timeout/i.test(first.message) ? 'timeout' : 'connection_closed', `Could not connect to ${url}: ${first.message}`);
      if (first.type !== 'open') throw new BridgeError('connection_closed', `Could not connect to ${url}: the connection closed during the handshake.`);
      conn.helloReply = checkHello(conn.requestSync('hello', { protocol: PROTOCOL_VERSION, client: options.clientName ?? DEFAULT_CLIENT_NAME }));
      return conn;
    } catch (e) {
      conn.closedError ??= e instanceof BridgeError ? e : new BridgeError('connection_closed', String(e));
      conn.shutdownWorker();
      throw e;
    }
  }

  get hello(): HelloReply {
    if (this.helloReply === null) throw new BridgeError('bad_request', 'The connection has not finished its hello yet.');
    return this.helloReply;
  }

  get closed(): boolean {
    return this.closedError !== null;
  }

  /** Blocks until the worker posts a message (or the deadline passes). */
  private next(deadline: number, what: string): WorkerMessage {
    for (;;) {
      const got = receiveMessageOnPort(this.port);
      if (got !== undefined) return got.message as WorkerMessage;
      const seen = Atomics.load(this.counter, 0);
      const again = receiveMessageOnPort(this.port);
      if (again !== undefined) return again.message as WorkerMessage;
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(this.counter, 0, seen, left) === 'timed-out') {
        if (receiveMessageOnPort(this.port) !== undefined) continue;
        throw new BridgeError('timeout', `No answer from ${this.url} within ${this.timeoutMs} ms while ${what}.`, {
          hint: 'Check that the server is running and reachable. A synchronous RemoteEnv blocks its thread while it waits, so a server started on the same thread can never answer: run it in another process or with startServerThread.',
        });
      }
    }
  }

  private handle(message: WorkerMessage): void {
    if (message.type === 'frame') {
      try {
        this.queue.deliver(message.data);
      } catch (e) {
        this.fail(e as BridgeError);
        this.shutdownWorker();
      }
    } else if (message.type === 'close') this.fail(closeError(message.code, message.reason));
    else if (message.type === 'error') this.fail(new BridgeError('connection_closed', message.message));
  }

  private fail(error: BridgeError): void {
    this.closedError ??= error;
    this.queue.failAll(error);
  }

  private send(op: string, fields: ReplyFields, resolve: (f: ReplyFields) => void, reject: (e: Error) => void): void {
    if (this.closedError !== null) {
      reject(this.closedError);
      return;
    }
    const id = this.queue.newId();
    let bytes: Uint8Array;
    try {
      bytes = encode({ ...fields, id, op });
    } catch (e) {
      reject(new BridgeError('bad_request', `Could not encode the ${op} request: ${(e as Error).message}`));
      return;
    }
    this.queue.push({ id, resolve, reject });
    this.port.postMessage({ type: 'send', data: bytes }, [bytes.buffer as ArrayBuffer]);
  }

  /** Blocks until every request sent so far has its reply. */
  private drain(what: string): void {
    const deadline = Date.now() + this.timeoutMs;
    while (this.queue.size > 0) {
      if (this.closedError !== null) return;
      try {
        this.handle(this.next(deadline, what));
      } catch (e) {
        const err = e as BridgeError;
        this.fail(err);
        this.shutdownWorker();
        return;
      }
    }
  }

  requestSync(op: string, fields: ReplyFields = {}): ReplyFields {
    let result: ReplyFields | null = null;
    let error: Error | null = null;
    this.send(
      op,
      fields,
      (f) => (result = f),
      (e) => (error = e),
    );
    while (result === null && error === null) {
      this.drain(`waiting for the ${op} reply`);
      if (result === null && error === null && this.closedError !== null) error = this.closedError;
    }
    if (error !== null) throw error;
    return result!;
  }

  requestManySync(requests: readonly { op: string; fields?: ReplyFields }[]): (ReplyFields | Error)[] {
    const out = new Array<ReplyFields | Error | undefined>(requests.length);
    requests.forEach((r, i) =>
      this.send(
        r.op,
        r.fields ?? {},
        (f) => (out[i] = f),
        (e) => (out[i] = e),
      ),
    );
    this.drain('waiting for pipelined replies');
    return out.map((x) => x ?? this.closedError ?? new BridgeError('internal', 'A pipelined request got no reply.'));
  }

  request(op: string, fields: ReplyFields = {}): Promise<ReplyFields> {
    const p = new Promise<ReplyFields>((resolve, reject) => this.send(op, fields, resolve, reject));
    void this.pumpAsync();
    return p;
  }

  /** Delivers replies to async requests without blocking the thread. */
  private async pumpAsync(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.size > 0 && this.closedError === null) {
        const got = receiveMessageOnPort(this.port);
        if (got !== undefined) {
          this.handle(got.message as WorkerMessage);
          continue;
        }
        const seen = Atomics.load(this.counter, 0);
        const again = receiveMessageOnPort(this.port);
        if (again !== undefined) {
          this.handle(again.message as WorkerMessage);
          continue;
        }
        const waited = waitAsync(this.counter, 0, seen, this.timeoutMs);
        const outcome = waited.async ? await waited.value : waited.value;
        if (outcome === 'timed-out' && this.queue.size > 0) {
          const stray = receiveMessageOnPort(this.port);
          if (stray !== undefined) {
            this.handle(stray.message as WorkerMessage);
            continue;
          }
          this.fail(new BridgeError('timeout', `No answer from ${this.url} within ${this.timeoutMs} ms.`));
          this.shutdownWorker();
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private shutdownWorker(): void {
    try {
      this.port.postMessage({ type: 'close' });
    } catch {
      // Port already closed.
    }
    setTimeout(() => void this.worker.terminate(), 3000).unref();
  }

  closeSync(): void {
    if (this.closedError === null) {
      this.port.postMessage({ type: 'close' });
      const deadline = Date.now() + 2000;
      try {
        for (;;) {
          const m = this.next(deadline, 'closing');
          this.handle(m);
          if (m.type === 'close') break;
        }
      } catch {
        // Timed out: terminate below.
      }
      this.fail(new BridgeError('connection_closed', 'The connection was closed by the client.'));
    }
    this.port.close();
    void this.worker.terminate();
  }

  async close(): Promise<void> {
    this.closeSync();
  }
}
