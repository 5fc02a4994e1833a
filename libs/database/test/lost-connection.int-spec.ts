/**
 * Issue 21: PostgreSQL ending a connection that the application holds (what a restart does to every session:
 * 57P01 "terminating connection due to administrator command", here sent to one backend with
 * pg_terminate_backend) must not end the process. Without a listener on the checked-out client, pg emits
 * 'error' with nobody listening and Node exits; jest reports that as an uncaught error of this test.
 */
import { createPool, withTransaction, type ConnectionLostListener } from '@rcrp/database';
import { testOwnerUrl, waitFor } from '@rcrp/testing';
import { Pool } from 'pg';

describe('a connection PostgreSQL terminates (real server)', () => {
  let owner: Pool;
  const lost: Array<Parameters<ConnectionLostListener>[0]> = [];
  let pool: Pool;

  beforeAll(() => {
    owner = new Pool({ connectionString: testOwnerUrl(), max: 1 });
    pool = createPool({
      url: testOwnerUrl(),
      schema: 'public',
      applicationName: 'rcrp-lost-connection-test',
      max: 2,
      onConnectionLost: (event) => lost.push(event),
    });
  });

  afterAll(async () => {
    await pool.end();
    await owner.end();
  });

  const terminate = (pid: number) => owner.query('SELECT pg_terminate_backend($1)', [pid]);

  it('while checked out between two statements of a transaction: the transaction fails as a connection error, the process lives, the pool connects anew', async () => {
    const failure = await withTransaction(pool, async (tx) => {
      const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await terminate(rows[0].pid);
      // The termination reaches the idle, checked-out client while the application does other work.
      await waitFor(() => lost.length > 0, { description: 'the loss to be reported' });
      await tx.query('SELECT 1');
    }).then(
      () => null,
      (error: Error) => error,
    );
    expect(failure?.message).toMatch(/terminat|connection/i);
    expect(lost).toEqual([
      {
        purpose: 'rcrp-lost-connection-test',
        code: '57P01',
        message: expect.stringMatching(/administrator command/),
      },
    ]);
    // The broken connection was discarded: the next one works.
    expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('while idle in the pool: reported once, replaced on next use', async () => {
    lost.length = 0;
    const client = await pool.connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    client.release();
    await terminate(rows[0].pid);
    await waitFor(() => lost.length > 0, { description: 'the loss to be reported' });
    expect(lost).toHaveLength(1);
    expect((await pool.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
  });
});
