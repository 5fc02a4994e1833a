import type { Pool } from 'pg';
import { createPool, quoteIdent, type ServiceName } from '@rcrp/database';
import { shadowTableName, type Projection } from '@rcrp/projections';
import { incidentListProjection } from '../../apps/intake/src/projections/incident-list.projection';
import { incidentContextProjection } from '../../apps/outcomes/src/context/incident-context.projection';
import { outcomeCasesProjection } from '../../apps/outcomes/src/projections/outcome-cases.projection';
import { caseTimelineProjection } from '../../apps/outcomes/src/timeline/case-timeline.projection';
import { triageAdviceProjection } from '../../apps/triage/src/projections/triage-advice.projection';
import { triageCallsProjection } from '../../apps/triage/src/projections/triage-calls.projection';
import { createMigratedDatabase, type MigratedDatabase } from './support/migrated-database';

/**
 * Issue 19: a projection's live table comes from a frozen migration, its rebuild's shadow from the projection's
 * `tables()`. A rebuild swaps the shadow in, so both must build the same table; this compares them in a database
 * migrated exactly as production is.
 */
const PROJECTIONS: Record<ServiceName, Projection[]> = {
  intake: [incidentListProjection],
  triage: [triageCallsProjection, triageAdviceProjection],
  outcomes: [incidentContextProjection, caseTimelineProjection, outcomeCasesProjection],
};

/** Columns, constraints and indexes, with the table's own name taken out of generated names and definitions. */
interface TableShape {
  columns: string[];
  constraints: string[];
  indexes: string[];
}

async function shapeOf(client: Pool, schema: string, table: string): Promise<TableShape> {
  const relation = `${quoteIdent(schema)}.${quoteIdent(table)}`;
  const columns = await client.query<{ line: string }>(
    `SELECT format('%s %s%s%s', attname, format_type(atttypid, atttypmod),
                   CASE WHEN attnotnull THEN ' NOT NULL' ELSE '' END,
                   COALESCE(' DEFAULT ' || pg_get_expr(adbin, adrelid), '')) AS line
       FROM pg_attribute LEFT JOIN pg_attrdef ON adrelid = attrelid AND adnum = attnum
      WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped
      ORDER BY attnum`,
    [relation],
  );
  const constraints = await client.query<{ line: string }>(
    `SELECT format('%s %s', contype, pg_get_constraintdef(oid)) AS line FROM pg_constraint WHERE conrelid = $1::regclass`,
    [relation],
  );
  const indexes = await client.query<{ line: string }>(
    `SELECT regexp_replace(pg_get_indexdef(indexrelid), '^CREATE (UNIQUE )?INDEX \\S+ ON \\S+', 'CREATE \\1INDEX ON <table>') AS line
       FROM pg_index WHERE indrelid = $1::regclass`,
    [relation],
  );
  return {
    columns: columns.rows.map((row) => row.line),
    constraints: constraints.rows.map((row) => row.line).sort(),
    indexes: indexes.rows.map((row) => row.line).sort(),
  };
}

describe('projection tables: a rebuild builds what the migrations built', () => {
  let database: MigratedDatabase;

  beforeAll(async () => {
    database = await createMigratedDatabase('rcrp_projection_tables');
  });
  afterAll(() => database?.drop());

  it.each(Object.keys(PROJECTIONS) as ServiceName[])(
    '%s: every projection the migrations seeded has a tables() that builds its live table',
    async (service) => {
      const pool = createPool({ url: database.ownerUrl, schema: service, max: 1 });
      try {
        const seeded = await pool.query<{ name: string }>(
          'SELECT name FROM projection_checkpoints ORDER BY name',
        );
        expect(seeded.rows.map((row) => row.name)).toEqual(PROJECTIONS[service].map((p) => p.name).sort());
        for (const projection of PROJECTIONS[service]) {
          // As the rebuilder does: the shadow beside the live table, from the live definition.
          const shadow = shadowTableName(projection.name);
          for (const statement of projection.tables(`${quoteIdent(service)}.${quoteIdent(shadow)}`))
            await pool.query(statement);
          const live = await shapeOf(pool, service, projection.name);
          const rebuilt = await shapeOf(pool, service, shadow);
          expect({ projection: projection.name, ...rebuilt }).toEqual({
            projection: projection.name,
            ...live,
          });
        }
      } finally {
        await pool.end();
      }
    },
  );
});
