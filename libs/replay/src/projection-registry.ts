import type { ServiceName } from '@rcrp/database';
import type { Projection } from '@rcrp/projections';
import { ReplayUsageError } from './cli-args';
// The one file of libs/replay allowed to import from apps/*: the services own their read models.
import { incidentListProjection } from '../../../apps/intake/src/projections/incident-list.projection';
import { outcomeCasesProjection } from '../../../apps/outcomes/src/projections/outcome-cases.projection';
import { triageAdviceProjection } from '../../../apps/triage/src/projections/triage-advice.projection';
import { triageCallsProjection } from '../../../apps/triage/src/projections/triage-calls.projection';

/**
 * Read models `--projection <service>.<name>` can rebuild, per service. Each is fed from its service's own event
 * store. Add a service's projection here when it is written.
 */
export const PROJECTION_REGISTRY: Readonly<Record<ServiceName, readonly Projection[]>> = {
  intake: [incidentListProjection],
  triage: [triageCallsProjection, triageAdviceProjection],
  outcomes: [outcomeCasesProjection],
};

export function registeredProjection(
  service: ServiceName,
  name: string,
  registry = PROJECTION_REGISTRY,
): Projection {
  const projection = registry[service].find((candidate) => candidate.name === name);
  if (!projection) {
    const known = Object.entries(registry).flatMap(([owner, projections]) =>
      projections.map((p) => `${owner}.${p.name}`),
    );
    throw new UnknownProjectionError(
      `no projection ${service}.${name} (registered: ${known.join(', ') || 'none'})`,
    );
  }
  return projection;
}

/** A usage error (exit 2): nothing is rebuilt. */
export class UnknownProjectionError extends ReplayUsageError {
  override readonly name: string = 'UnknownProjectionError';
}
