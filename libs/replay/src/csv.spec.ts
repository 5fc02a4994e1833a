import { addColumnsOf, csvField, csvRow, flattenRecord, flattenToColumns } from './csv';

describe('CSV (RFC 4180)', () => {
  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvRow(['plain', 'a,b', 'say "hi"', 'two\nlines', null, 3, true])).toBe(
      'plain,"a,b","say ""hi""","two\nlines",,3,true\r\n',
    );
  });

  it('defuses spreadsheet formulas but keeps negative numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-3')).toBe('-3');
    expect(csvField('@home')).toBe("'@home");
  });

  it('flattens nested objects to dotted columns and keeps arrays as one JSON cell', () => {
    expect(
      flattenRecord({ type: 'X', data: { subject: { ageBand: '25-34' }, concerns: ['a', 'b'], empty: {} } }),
    ).toEqual({
      type: 'X',
      'data.subject.ageBand': '25-34',
      'data.concerns': ['a', 'b'],
      'data.empty': {},
    });
    expect(csvField(['a', 'b'])).toBe('"[""a"",""b""]"');
  });
});

describe('streamed CSV columns', () => {
  it('collects the columns flattenRecord gives and flattens onto them alike', () => {
    const records = [
      { type: 'X', data: { subject: { ageBand: '25-34' }, concerns: ['a'], empty: {} } },
      { type: 'Y', data: { subject: 'text', other: { deep: { er: 1 } } } },
    ];
    const columns = new Set<string>();
    const prefixes = new Set<string>();
    for (const record of records) addColumnsOf(record, columns, prefixes);
    expect([...columns].sort()).toEqual(
      [...new Set(records.flatMap((record) => Object.keys(flattenRecord(record))))].sort(),
    );
    for (const record of records) expect(flattenToColumns(record, prefixes)).toEqual(flattenRecord(record));
  });

  it('keeps an object that was not one when the columns were collected as one cell', () => {
    const columns = new Set<string>();
    const prefixes = new Set<string>();
    addColumnsOf({ data: { name: 'enc:v1:subj-1:abc' } }, columns, prefixes);
    expect(flattenToColumns({ data: { name: { given: 'Jane', family: 'Doe' } } }, prefixes)).toEqual({
      'data.name': { given: 'Jane', family: 'Doe' },
    });
  });
});
