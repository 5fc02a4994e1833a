import { EVENT_DEFINITIONS, TOPICS } from '@rcrp/events';
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
    [
      ['--topic', 'a', '--include-personal-data', '--reason', '  nine  ch ', '--service', 'intake'],
      /at least 10/,
    ],
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

describe('parseReplayArgs: values checked against what the system knows', () => {
  const refusal = (argv: string[]): string => {
    try {
      parseReplayArgs(argv);
    } catch (error) {
      expect(error).toBeInstanceOf(ReplayUsageError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it('refuses an unknown --type, listing the known types by topic without repeating the value', () => {
    const message = refusal(['--topic', TOPICS.intakeEvents, '--type', 'AdviceGiven,IncidentReport']);
    expect(message).toMatch(/unknown event type \(value 2 of --type\)/);
    expect(message).not.toContain('IncidentReport;');
    expect(message).not.toMatch(/IncidentReport\b(?!ed)/);
    for (const type of Object.keys(EVENT_DEFINITIONS)) expect(message).toContain(type);
    expect(message).toContain(`${TOPICS.triageEvents}: `);
  });

  it('refuses a known type that none of the system topics given carries, naming what they carry', () => {
    const message = refusal(['--topic', TOPICS.triageEvents, '--type', 'IncidentReported']);
    expect(message).toContain(`--type IncidentReported is not published on ${TOPICS.triageEvents}`);
    expect(message).toContain('AdviceGiven');
    expect(parseReplayArgs(['--topic', TOPICS.intakeEvents, '--type', 'IncidentReported'])).toMatchObject({
      types: ['IncidentReported'],
    });
    // A topic the system does not know (a test topic) may carry anything known.
    expect(parseReplayArgs(['--topic', 'test.replay.1', '--type', 'AdviceGiven'])).toMatchObject({
      types: ['AdviceGiven'],
    });
  });

  const personal = (topic: string, service: string, ...more: string[]) => [
    '--topic',
    topic,
    ...more,
    '--include-personal-data',
    '--reason',
    'IOPC request 2026/117',
    '--service',
    service,
  ];

  it("refuses a --service that does not own the topic's data, naming the owner", () => {
    const message = refusal(personal(TOPICS.triageEvents, 'intake'));
    expect(message).toContain(`${TOPICS.triageEvents} is triage's`);
    expect(message).toContain('use --service triage');
    expect(refusal(personal(`${TOPICS.outcomesEvents}.dlq`, 'triage'))).toContain('use --service outcomes');
    expect(parseReplayArgs(personal(TOPICS.triageEvents, 'triage'))).toMatchObject({
      personalData: { service: 'triage' },
    });
  });

  it("refuses personal data from two services' topics at once", () => {
    expect(refusal(personal(TOPICS.triageEvents, 'intake', '--topic', TOPICS.intakeEvents))).toMatch(
      /one service at a time.*is triage's/,
    );
  });

  it('does not repeat a stray value (an unquoted reason), only where it is', () => {
    const message = refusal(['--topic', 'a', '--reason', 'complaint', 'Jane', 'Doe']);
    expect(message).toBe('argument 5 is not a flag (a value with spaces needs quotes)');
    expect(refusal(['--topic', 'a', '--reasn=Jane Doe'])).toBe('unknown argument "--reasn"');
  });
});
