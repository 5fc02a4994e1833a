import type { Role } from '../session/roles';

/**
 * Every screen of the console, in navigation order: where it lives, who sees it, and whether it is built yet.
 * Adding a screen is one entry here and one component in routes.tsx (docs/console.md, "Adding a screen").
 */
export interface ScreenEntry {
  /** The first path segment: `/queue`, `/queue/<incidentId>`. */
  path: string;
  label: string;
  /** One line for the navigation and the placeholder. */
  summary: string;
  roles: readonly Role[];
}

export const SCREENS = [
  {
    path: 'queue',
    label: 'Live queue',
    summary: 'Waiting calls, most urgent first; answer, assess, advise',
    roles: ['clinician', 'operator'],
  },
  {
    path: 'case',
    label: 'Case',
    summary: 'The whole case record, the outcome and the section 136 steps',
    roles: ['clinician', 'officer', 'operator'],
  },
  {
    path: 'detentions',
    label: 'Detentions',
    summary: 'Every running section 136 detention with its deadline',
    roles: ['clinician', 'officer', 'operator'],
  },
  {
    path: 'statistics',
    label: 'Statistics',
    summary: 'Detentions, places of safety, conveyance and triage times for a period',
    roles: ['analyst', 'operator'],
  },
  {
    path: 'operations',
    label: 'Operations',
    summary: 'Read audit, erasure and restriction, dead letters',
    roles: ['operator'],
  },
] as const satisfies readonly ScreenEntry[];

export type ScreenPath = (typeof SCREENS)[number]['path'];

export function screensFor(role: Role): ScreenEntry[] {
  return SCREENS.filter((screen) => (screen.roles as readonly Role[]).includes(role));
}

/** Where a person lands after signing in: their first screen. */
export function homeFor(role: Role): string {
  return `/${screensFor(role)[0]?.path ?? ''}`;
}

export function screenAt(pathname: string): ScreenEntry | null {
  const first = pathname.split('/').filter(Boolean)[0];
  return SCREENS.find((screen) => screen.path === first) ?? null;
}
