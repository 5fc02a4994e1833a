import { parseReplayArgs, ReplayUsageError } from './cli-args';

describe('parseReplayArgs', () => {
  it('reads a topic replay with bounds, types and a CSV file', () => {
    expect(
      parseReplayArgs([
        '--topic',
        'a',
        '--topic=b',
        '--from',
        '2025-03-01T00:00:00Z',
        '--to',
        '2025-03-02T00:00:00+01:00',
        '--type',
        'AdviceGiven, IncidentReported',
        '--out',
        'x.csv',
      ]),
    ).toEqual({
      kind: 'topics',
      topics: ['a', 'b'],
      from: new Date('2025-03-01T00:00:00Z'),
      to: new Date('2025-03-01T23:00:00Z'),
      types: ['AdviceGiven', 'IncidentReported'],
      out: 'x.csv',
      format: 'csv',
      personalData: null,
    });
  });

  it('defaults to earliest, no end, all types, NDJSON on stdout', () => {
    expect(parseReplayArgs(['--topic', 'a', '--from', 'earliest'])).toMatchObject({
      from: null,
      to: null,
      types: null,
      out: null,
      format: 'ndjson',
    });
  });

  it.each([
    [[], /exactly one/],
    [['--topic', 'a', '--verify'], /exactly one/],
    [['--topic', 'a', '--from', '2025-03-01'], /ISO 8601 instant with a zone/],
    [['--topic', 'a', '--from', '2025-03-02T00:00:00Z', '--to', '2025-03-01T00:00:00Z'], /before --to/],
    [['--topic', 'a', '--out', 'x.txt'], /\.ndjson or \.csv/],
    [['--topic', 'a', '--include-personal-data'], /together/],
    [['--topic', 'a', '--reason', 'court order 12345'], /together/],
    [['--topic', 'a', '--include-personal-data', '--reason', 'because'], /at least 10/],
    [['--topic', 'a', '--include-personal-data', '--reason', 'court order 12345'], /needs --service/],
    [['--topic', 'a', '--service', 'intake'], /only go with --include-personal-data/],
    [['--topic'], /needs a value/],
    [['--topic', 'a', '--frobnicate'], /unknown argument/],
    [['--projection', 'incident_list'], /<service>\.<name>/],
    [['--projection', 'police.incident_list'], /unknown service/],
    [['--verify', '--topic', 'a'], /exactly one/],
    [['--verify', '--from', 'earliest'], /cannot be used with --verify/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseReplayArgs(argv as string[])).toThrow(ReplayUsageError);
    expect(() => parseReplayArgs(argv as string[])).toThrow(message);
  });

  it('takes personal data only with a reason and the owning service', () => {
    expect(
      parseReplayArgs([
        '--topic',
        'a',
        '--include-personal-data',
        '--reason',
        'IOPC request 2025/117',
        '--service',
        'intake',
        '--actor',
        'op-7',
      ]),
    ).toMatchObject({ personalData: { reason: 'IOPC request 2025/117', service: 'intake', actor: 'op-7' } });
  });

  it('reads --projection and --verify', () => {
    expect(parseReplayArgs(['--projection', 'intake.incident_list'])).toEqual({
      kind: 'projection',
      service: 'intake',
      name: 'incident_list',
    });
    expect(parseReplayArgs(['--verify'])).toEqual({
      kind: 'verify',
      services: ['intake', 'triage', 'outcomes'],
    });
    expect(parseReplayArgs(['--verify', '--service', 'triage'])).toEqual({
      kind: 'verify',
      services: ['triage'],
    });
  });
});
