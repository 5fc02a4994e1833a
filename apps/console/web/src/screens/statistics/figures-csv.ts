import type { FigureTable } from './figures';

const HEADER = 'source,measure,category,value';

function cell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The CSV of exactly what the screen shows, one figure a line (RFC 4180, CRLF), in the services' own shape
 * (`measure,category,value`, their measure and category names) with the service that gave each figure first:
 * `outcomes,firstPlaceOfSafety,police-station,<5`. Suppressed counts stay `<5` as the services write them; a figure
 * that is none is an empty value. The series by day is in it too, which neither service's CSV has.
 */
export function figuresCsv(tables: readonly FigureTable[], period: { from: string; to: string }): string {
  const lines = [
    HEADER,
    ['console', 'period', 'from', period.from].join(','),
    ['console', 'period', 'to', period.to].join(','),
  ];
  for (const table of tables) {
    for (const series of table.series) {
      series.values.forEach((value, index) => {
        const category = table.categories[index]?.key ?? '';
        lines.push(
          [series.source, series.measure, category, value === null ? '' : String(value)].map(cell).join(','),
        );
      });
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function csvFilename(period: { from: string; through: string }): string {
  return `rcrp-statistics-${period.from}-to-${period.through}.csv`;
}
