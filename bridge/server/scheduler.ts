/**
 * The fair scheduler of a thread that serves sessions: each session's requests wait in their own queue,
 * served in order; the thread serves one request of one session, then one of the next session with work,
 * round robin, and lets the event loop take in new frames between any two requests. So a session that
 * pipelines many requests delays another session by at most one of its requests per turn.
 * @module
 */

/** One request's work. */
export type Job = () => void;

/** Round-robin queues of jobs, keyed by session. */
export class SessionScheduler {
  private readonly queues = new Map<number, Job[]>();
  private readonly ready: number[] = [];
  private scheduled = false;

  /** Queues `job` behind the session's earlier jobs. */
  submit(session: number, job: Job): void {
    let q = this.queues.get(session);
    if (q === undefined) {
      q = [];
      this.queues.set(session, q);
    }
    q.push(job);
    if (q.length === 1) this.ready.push(session);
    this.kick();
  }

  /** Jobs waiting for `session`. */
  pending(session: number): number {
    return this.queues.get(session)?.length ?? 0;
  }

  /** Forgets the session's waiting jobs (they never run). */
  drop(session: number): void {
    this.queues.delete(session);
    const i = this.ready.indexOf(session);
    if (i >= 0) this.ready.splice(i, 1);
  }

  private kick(): void {
    if (this.scheduled || this.ready.length === 0) return;
    this.scheduled = true;
    setImmediate(this.turn);
  }

  private readonly turn = (): void => {
    this.scheduled = false;
    const session = this.ready.shift();
    if (session === undefined) return;
    const q = this.queues.get(session);
    const job = q?.shift();
    if (q !== undefined && q.length > 0) this.ready.push(session);
    else this.queues.delete(session);
    try {
      job?.();
    } finally {
      this.kick();
    }
  };
}
