import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  BENCHMARKS_PAGE,
  benchmarkSection,
  END_MARKER,
  README_MARKERS,
  README_PAGE,
  readmeBenchmarkSection,
  START_MARKER,
  withBenchmarkSection,
} from './benchmarks-page';

const ROOT = resolve(__dirname, '..');

describe('the benchmark tables of docs/benchmarks.md', () => {
  it('replaces only the text between the markers', () => {
    const page = `# Benchmarks\n\nintro\n\n${START_MARKER}\nold tables\n${END_MARKER}\n\nafter\n`;
    expect(withBenchmarkSection(page, 'new tables')).toBe(
      `# Benchmarks\n\nintro\n\n${START_MARKER}\nnew tables\n${END_MARKER}\n\nafter\n`,
    );
  });

  it('makes the page when there is none, with a heading and the markers', () => {
    const page = withBenchmarkSection('', 'tables');
    expect(page.startsWith('# Benchmarks\n')).toBe(true);
    expect(page.endsWith(`${START_MARKER}\ntables\n${END_MARKER}\n`)).toBe(true);
  });

  it('is what bench/results renders (run `npm run bench` or regenerate the page after changing the results)', () => {
    const page = readFileSync(resolve(ROOT, BENCHMARKS_PAGE), 'utf8');
    expect(withBenchmarkSection(page, benchmarkSection(resolve(ROOT, 'bench/results')))).toBe(page);
  });

  it("README.md's benchmark section is the short form of the same results (both tables, date, machine, command)", () => {
    const readme = readFileSync(resolve(ROOT, README_PAGE), 'utf8');
    expect(readme).toContain(README_MARKERS.start);
    const section = readmeBenchmarkSection(resolve(ROOT, 'bench/results'));
    for (const text of ['npm run bench:store', 'npm run bench:e2e', '| | ours | floor |', 'plain INSERT'])
      expect(section).toContain(text);
    expect(withBenchmarkSection(readme, section, README_MARKERS)).toBe(readme);
  });
});
