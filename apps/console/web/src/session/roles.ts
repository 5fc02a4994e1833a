/**
 * The roles a person signs in with (DESIGN §5; the services' USER_ROLES in libs/auth, which
 * apps/console/src/web-contract.spec.ts holds this list to).
 */
export const ROLES = ['clinician', 'officer', 'operator', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  clinician: 'Clinician on the line',
  officer: "Police officer (officers' liaison)",
  operator: 'Operator',
  analyst: 'Analyst',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
