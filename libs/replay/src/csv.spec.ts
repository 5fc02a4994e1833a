import { csvField, csvRow, flattenRecord } from './csv';

describe('CSV (RFC 4180)', () => {
  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvRow(['plain', 'a,b', 'say "hi"', 'two\nlines', null, 3, true])).toBe('plain,"a,b","say ""hi""","two\nlines",,3,true\r\n');
  });

  it('defuses spreadsheet formulas but keeps negative numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-3')).toBe('-3');
    expect(csvField('@home')).toBe("'@home");
  });

  it('flattens nested objects to dotted columns and keeps arrays as one JSON cell', () => {
    expect(flattenRecord({ type: 'X', data: { subject: { ageBand: '25-34' }, concerns: ['a', 'b'], empty: {} } })).toEqual({
      type: 'X',
      'data.subject.ageBand': '25-34',
      'data.concerns': ['a', 'b'],
      'data.empty': {},
    });
    expect(csvField(['a', 'b'])).toBe('"[""a"",""b""]"');
  });
});
