import type { Response } from 'express';
import { measuresCsv, reportAnswer, wantsCsv } from './csv-report';

describe('measuresCsv', () => {
  it('writes one figure a line: measure,category,value with CRLF', () => {
    expect(
      measuresCsv({
        from: '2026-11-01T00:00:00.000Z',
        calls: 12,
        abandoned: '<5',
        timeToAnswerSeconds: { count: 12, median: 30.5, p90: null },
        byAgeBand: { '18-24': { incidents: 2, detentions: 0 } },
      }),
    ).toBe(
      [
        'measure,category,value',
        'from,,2026-11-01T00:00:00.000Z',
        'calls,,12',
        'abandoned,,<5',
        'timeToAnswerSeconds,count,12',
        'timeToAnswerSeconds,median,30.5',
        'timeToAnswerSeconds,p90,',
        'byAgeBand.incidents,18-24,2',
        'byAgeBand.detentions,18-24,0',
        '',
      ].join('\r\n'),
    );
  });

  it('quotes a cell holding a comma, quote or line break', () => {
    expect(measuresCsv({ reasons: { 'a,"b"': 1 } })).toBe(
      'measure,category,value\r\nreasons,"a,""b""",1\r\n',
    );
  });
});

describe('wantsCsv and reportAnswer', () => {
  it.each([
    ['csv', undefined, true],
    [undefined, 'text/csv', true],
    [undefined, 'application/json, text/csv;q=0.5', true],
    ['json', 'text/csv', false],
    [undefined, undefined, false],
    [undefined, '*/*', false],
  ] as const)('format %s, Accept %s -> CSV %s', (format, accept, csv) => {
    expect(wantsCsv(format, accept)).toBe(csv);
  });

  it('answers CSV as an attachment, JSON as the report itself', () => {
    const headers: Record<string, string> = {};
    const response = { setHeader: (name: string, value: string) => (headers[name] = value) };
    const report = { calls: 3 };
    expect(reportAnswer(report, {}, response as unknown as Response, 'x')).toBe(report);
    expect(headers).toEqual({});
    expect(reportAnswer(report, { format: 'csv' }, response as unknown as Response, 'rcrp-x')).toBe(
      'measure,category,value\r\ncalls,,3\r\n',
    );
    expect(headers).toEqual({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="rcrp-x.csv"',
    });
  });
});
