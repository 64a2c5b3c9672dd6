/**
 * `Connection`: the asynchronous client connection, with the socket in the calling thread. Requests are
 * pipelined: `request` sends at once and returns a promise, so many requests (e.g. the steps of many
 * handles) can be in flight on one connection; replies resolve in order.
 * @module
 */
import type { WebSocket } from 'ws';
import { lazyRequire } from '../../src/utils/lazy-require.ts';
import { BridgeError } from '../protocol/error-codes.ts';
import type { HelloReply } from '../protocol/messages.ts';
import { encode } from '../protocol/msgpack.ts';
import { PROTOCOL_VERSION, isCompatible, parseVersion } from '../protocol/version.ts';
import type { Channel, ConnectOptions, ReplyFields } from './channel.ts';
import { closeError, refusalError } from './close-reasons.ts';
import { ReplyQueue } from './reply-queue.ts';

/** ws, loaded when a connection opens (importing the package does not load it). */
const loadWs = lazyRequire<typeof import('ws')>('ws');

/** The client name sent in hello when none is given. */
export const DEFAULT_CLIENT_NAME = 'edgellm-gym-ts';

/**
 * Checks the server's hello reply.
 * @throws {BridgeError} `version_mismatch` when the major versions differ.
 */
export function checkHello(hello: ReplyFields): HelloReply {
  const v = parseVersion(hello.protocol);
  if (v === null || !isCompatible(v)) {
    throw new BridgeError('version_mismatch', `Server speaks protocol ${String(hello.protocol)}; this client speaks ${PROTOCOL_VERSION}.`);
  }
  return hello as unknown as HelloReply;
}

/** The async connection. */
export class Connection implements Channel {
  readonly url: string;
  private readonly ws: WebSocket;
  private readonly queue = new ReplyQueue();
  private helloReply: HelloReply | null = null;
  private closedError: BridgeError | null = null;

  private constructor(url: string, ws: WebSocket) {
    this.url = url;
    this.ws = ws;
    ws.on('message', (data: Buffer) => {
      try {
        this.queue.deliver(data);
      } catch (e) {
        this.fail(e as BridgeError);
        ws.terminate();
      }
    });
    ws.on('close', (code, reason) => this.fail(closeError(code, reason.toString())));
    ws.on('error', () => {
      // 'close' follows and fails the pending requests.
    });
  }

  /**
   * Connects to `url` (e.g. `ws://127.0.0.1:8765`) and says hello.
   *
   * @example
   * ```ts
   * // not run: needs a server listening there (`npx edgellm-gym serve`)
   * const conn = await Connection.open('ws://127.0.0.1:8765');
   * const { handle } = await conn.request('make', { env: 'EdgeLLM-v0' });
   * ```
   * @throws {BridgeError} `unauthorized` (HTTP 401/403), `limit_exceeded` (HTTP 503), `version_mismatch`,
   *   `timeout`, or `connection_closed` when the server cannot be reached.
   */
  static async open(url: string, options: ConnectOptions = {}): Promise<Connection> {
    const { WebSocket } = loadWs();
    const timeoutMs = options.timeoutMs ?? 30_000;
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: options.maxPayload ?? 2 ** 30, headers, handshakeTimeout: timeoutMs });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (req, res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < 4096) body += chunk;
        });
        res.on('end', () => {
          reject(refusalError(res.statusCode ?? 0, body));
          req.destroy();
        });
        res.on('error', () => reject(refusalError(res.statusCode ?? 0, body)));
      });
      ws.once('error', (e) => reject(new BridgeError(/timeout/i.test(e.message) ? 'timeout' : 'connection_closed', `Could not connect to ${url}: ${e.message}`)));
    });
    const conn = new Connection(url, ws);
    try {
      conn.helloReply = checkHello(await conn.request('hello', { protocol: PROTOCOL_VERSION, client: options.clientName ?? DEFAULT_CLIENT_NAME }));
    } catch (e) {
      ws.terminate();
      throw e;
    }
    return conn;
  }

  get hello(): HelloReply {
    if (this.helloReply === null) throw new BridgeError('bad_request', 'The connection has not finished its hello yet.');
    return this.helloReply;
  }

  get closed(): boolean {
    return this.closedError !== null;
  }

  /** Requests in flight. */
  get pending(): number {
    return this.queue.size;
  }

  private fail(error: BridgeError): void {
    this.closedError ??= error;
    this.queue.failAll(error);
  }

  request(op: string, fields: ReplyFields = {}): Promise<ReplyFields> {
    if (this.closedError !== null) return Promise.reject(this.closedError);
    const id = this.queue.newId();
    let bytes: Uint8Array;
    try {
      bytes = encode({ ...fields, id, op });
    } catch (e) {
      return Promise.reject(new BridgeError('bad_request', `Could not encode the ${op} request: ${(e as Error).message}`));
    }
    return new Promise<ReplyFields>((resolve, reject) => {
      this.queue.push({ id, resolve, reject });
      this.ws.send(bytes, { binary: true, compress: false });
    });
  }

  async close(): Promise<void> {
    if (this.ws.readyState === this.ws.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close(1000, 'client closed');
      setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 2000).unref();
    });
  }
}
