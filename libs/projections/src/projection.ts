import type { PoolClient } from 'pg';
import type { EventEnvelope } from '@rcrp/events';

/**
 * A named read model (DESIGN §2). Its live table is `<schema>.<name>`; a rebuild builds `<name>__rebuild`
 * from the same `tables` template and swaps it in, so:
 * - `tables(table)` gets a schema-qualified, quoted table name and must not name indexes or constraints
 *   explicitly (let PostgreSQL pick unique names; explicit ones would collide with the live table's);
 * - `apply` must write only to `table` and be deterministic (a rebuild replays the same events into the shadow).
 *   Projections fed from several consumed topics see no global order across topics: key rows by incident and
 *   guard with stream versions.
 */
export interface Projection {
  name: string;
  /**
   * A read model the service cannot do its job without (the live triage queue): when it stalls, readiness fails
   * rather than only reporting it (issue 15). Default false.
   */
  critical?: boolean;
  tables(table: string): string[];
  apply(event: EventEnvelope, tx: PoolClient, table: string): Promise<void>;
}
