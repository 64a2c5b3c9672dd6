/**
 * Calls on one server-side handle, shared by the remote environments: blocking calls when the channel can
 * block, promises always, and the server's warnings re-emitted through the package's `warn` (so that
 * `collectWarnings`, e.g. in `checkEnv`, sees them as it would locally).
 * @module
 */
import { warn } from '../../src/core/logger.ts';
import { BridgeError } from '../protocol/error-codes.ts';
import { type Channel, type ReplyFields, type SyncChannel, isSyncChannel } from './channel.ts';

function emitWarnings(reply: ReplyFields): ReplyFields {
  const w = reply.warnings;
  if (Array.isArray(w)) for (const m of w) warn(String(m));
  return reply;
}

/** The calls of one handle. */
export class HandleCalls {
  /** The channel. */
  readonly channel: Channel;
  /** The handle number. */
  handle: number;
  /** Whether closing the handle also closes the channel. */
  readonly ownsChannel: boolean;
  private readonly label: string;

  constructor(channel: Channel, handle: number, ownsChannel: boolean, label: string) {
    this.channel = channel;
    this.handle = handle;
    this.ownsChannel = ownsChannel;
    this.label = label;
  }

  /** `true` when blocking calls are possible. */
  get canBlock(): boolean {
    return isSyncChannel(this.channel);
  }

  /**
   * Blocking call on the handle.
   * @throws {BridgeError} `bad_request` when the channel cannot block.
   */
  call(op: string, fields: ReplyFields = {}): ReplyFields {
    if (!isSyncChannel(this.channel)) {
      throw new BridgeError(
        'bad_request',
        `${this.label}.${op === 'step' ? 'step' : op}() is synchronous, but this ${this.label} was opened with connect() (asynchronous). ` +
          `Use await ${op}Async(), or open it with ${this.label}.open(url, id) for synchronous use.`,
      );
    }
    return emitWarnings((this.channel as SyncChannel).requestSync(op, { ...fields, handle: this.handle }));
  }

  /** Asynchronous call on the handle. */
  async callAsync(op: string, fields: ReplyFields = {}): Promise<ReplyFields> {
    return emitWarnings(await this.channel.request(op, { ...fields, handle: this.handle }));
  }

  /** Closes the handle (and the channel when owned), blocking when possible; errors are swallowed. */
  closeSync(): void {
    if (this.channel.closed) return;
    if (isSyncChannel(this.channel)) {
      if (this.ownsChannel) this.channel.closeSync();
      else {
        try {
          this.channel.requestSync('close', { handle: this.handle });
        } catch {
          // Already gone.
        }
      }
      return;
    }
    if (this.ownsChannel) void this.channel.close();
    else this.channel.request('close', { handle: this.handle }).catch(() => undefined);
  }

  /** Closes the handle (and the channel when owned). */
  async closeAsync(): Promise<void> {
    if (this.channel.closed) return;
    if (this.ownsChannel) await this.channel.close();
    else await this.channel.request('close', { handle: this.handle }).catch(() => undefined);
  }
}
