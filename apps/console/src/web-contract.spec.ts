import { USER_ROLES } from '@rcrp/auth';
import { ROLES } from '../web/src/session/roles';

// The web app cannot import the services' code beyond the vocabularies (libs/auth pulls in Nest), so it keeps its
// own list of roles; this holds the two together.
describe('the web app and the services', () => {
  it('know the same roles', () => {
    expect([...ROLES].sort()).toEqual([...USER_ROLES].sort());
  });
});
