import { applyDecorators } from '@nestjs/common';
import { ApiProduces, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { Response } from 'express';

/** `?format=` of a report route (`GET /statistics`, `GET /triage/metrics`). */
export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const CSV_HEADER = 'measure,category,value';

function cell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A report of counts as CSV, one figure a line: `measure,category,value` (RFC 4180, CRLF). Top-level figures have no
 * category (`incidents,,12`); figures by kind name it (`placesOfSafety,police-station,3`); breakdowns put the group
 * in the category and the measure after a dot (`byAgeBand.detentions,18-24,2`). Suppressed counts read `<5`, a
 * figure that is null is an empty value.
 */
export function measuresCsv(report: object): string {
  const lines = [CSV_HEADER];
  for (const [measure, value] of Object.entries(report)) {
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

/** CSV with `?format=csv`, or without a format when `Accept` asks for `text/csv`; JSON otherwise. */
export function wantsCsv(format: ReportFormat | undefined, accept: string | undefined): boolean {
  return format === 'csv' || (format === undefined && /\btext\/csv\b/.test(accept ?? ''));
}

/**
 * The answer of a report route (a handler with `@Res({ passthrough: true })`): the report as JSON, or as a CSV
 * attachment named `<filename>.csv` when the caller asked for CSV.
 */
export function reportAnswer<T extends object>(
  report: T,
  request: { format?: ReportFormat; accept?: string },
  response: Response,
  filename: string,
): T | string {
  if (!wantsCsv(request.format, request.accept)) return report;
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${filename}.csv"`);
  return measuresCsv(report);
}

/** The OpenAPI of a report route answered by `reportAnswer`: the `format` parameter and both media types. */
export function ApiCsvReport(options: { description: string; csvExample: string }): MethodDecorator {
  return applyDecorators(
    ApiQuery({
      name: 'format',
      required: false,
      enum: REPORT_FORMATS,
      description: 'json (default) or csv; without it, `Accept: text/csv` also gives CSV',
    }),
    ApiProduces('application/json', 'text/csv'),
    ApiResponse({
      status: 200,
      description: options.description,
      content: {
        'application/json': { schema: { type: 'object' } },
        'text/csv': {
          schema: { type: 'string', description: `${CSV_HEADER} lines (measuresCsv)` },
          example: options.csvExample,
        },
      },
    }),
  );
}
