import { databaseName, withCredentials, withDatabaseName } from './database-url';

describe('database URLs', () => {
  const owner = 'postgres://rcrp_owner:rcrp_owner@127.0.0.1:5432/rcrp';

  it('switches the database and keeps everything else', () => {
    expect(withDatabaseName(owner, 'rcrp_test')).toBe(
      'postgres://rcrp_owner:rcrp_owner@127.0.0.1:5432/rcrp_test',
    );
    expect(databaseName(withDatabaseName(`${owner}?sslmode=disable`, 'rcrp_test'))).toBe('rcrp_test');
  });

  it('switches the role and keeps the database', () => {
    expect(withCredentials(owner, 'rcrp_triage', 'rcrp_triage')).toBe(
      'postgres://rcrp_triage:rcrp_triage@127.0.0.1:5432/rcrp',
    );
  });

  it('encodes passwords with reserved characters', () => {
    const url = withCredentials(owner, 'rcrp_owner', 'p@ss/word');
    expect(decodeURIComponent(new URL(url).password)).toBe('p@ss/word');
  });
});
