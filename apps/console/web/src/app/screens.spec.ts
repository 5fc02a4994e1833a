import { ROLES } from '../session/roles';
import { homeFor, screenAt, screensFor } from './screens';

describe('navigation by role', () => {
  it.each([
    ['clinician', ['queue', 'case', 'detentions']],
    ['officer', ['case', 'detentions']],
    ['operator', ['queue', 'case', 'detentions', 'statistics', 'operations']],
    ['analyst', ['statistics']],
  ] as const)('a %s sees %j', (role, paths) => {
    expect(screensFor(role).map((screen) => screen.path)).toEqual(paths);
  });

  it('lands everyone on a screen of their own', () => {
    for (const role of ROLES) expect(screensFor(role).map((s) => `/${s.path}`)).toContain(homeFor(role));
  });

  it('finds the screen of a deeper path', () => {
    expect(screenAt('/queue/0190-abc')?.path).toBe('queue');
    expect(screenAt('/nowhere')).toBeNull();
  });
});
