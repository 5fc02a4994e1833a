import type { Statistics } from './statistics';

const HEADER = 'measure,category,value';

function cell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The statistics as CSV, one count per line: `measure,category,value`. Top-level counts have no category
 * (`incidents,,12`); counts by kind name it (`placesOfSafety,police-station,3`); breakdowns put the group in the
 * category and the measure after a dot (`byAgeBand.detentions,18-24,2`). Suppressed counts read `<5`.
 */
export function statisticsCsv(statistics: Statistics): string {
  const lines = [HEADER];
  for (const [measure, value] of Object.entries(statistics)) {
    if (typeof value !== 'object' || value === null) {
      lines.push([measure, '', value].map(cell).join(','));
      continue;
    }
    for (const [category, inner] of Object.entries(value as Record<string, unknown>)) {
      if (typeof inner === 'object' && inner !== null) {
        for (const [groupMeasure, count] of Object.entries(inner))
          lines.push([`${measure}.${groupMeasure}`, category, count].map(cell).join(','));
      } else {
        lines.push([measure, category, inner].map(cell).join(','));
      }
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
