import type { DedicatedSession } from './session';

/**
 * A PostgreSQL session advisory lock: held as long as the session connection lives. If the holding process
 * dies, its connection goes and PostgreSQL frees the lock, so a standby's next `tryAcquire()` wins.
 */
export class SessionAdvisoryLock {
  private holding = false;

  constructor(
    private readonly session: DedicatedSession,
    /** Any text; hashed to the 64-bit lock key, e.g. `rcrp:relay:intake`. */
    readonly name: string,
  ) {
    session.onLost(() => {
      this.holding = false;
    });
  }

  get held(): boolean {
    return this.holding && this.session.isOpen;
  }

  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    const { rows } = await this.session.query(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS acquired',
      [this.name],
    );
    this.holding = rows[0].acquired === true;
    return this.holding;
  }

  async release(): Promise<void> {
    if (!this.held) return;
    this.holding = false;
    await this.session.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [this.name]);
  }
}
