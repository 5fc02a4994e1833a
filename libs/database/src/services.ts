/** The pinned database layout: one schema per service, named after it, used through the role `rcrp_<service>`. */
export const SERVICE_NAMES = ['intake', 'triage', 'outcomes'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const OWNER_ROLE = 'rcrp_owner';

export function appRoleFor(service: ServiceName): string {
  return `rcrp_${service}`;
}
