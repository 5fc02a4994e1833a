/**
 * `npm run bench`: every benchmark part that exists (bench:store, then bench:replay and bench:e2e when their
 * scripts are defined), one after the other so they do not compete for the CPUs, then the benchmark tables of
 * docs/benchmarks.md and their short form in README.md regenerated from bench/results/*.json.
 * A failing part is reported and the others still run; the exit code says whether all succeeded.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  BENCHMARKS_PAGE,
  benchmarkSection,
  README_MARKERS,
  README_PAGE,
  readmeBenchmarkSection,
  withBenchmarkSection,
} from './benchmarks-page';

const ROOT = resolve(__dirname, '..');
/**
 * BENCH_PARTS=bench:store,... runs only those (the pages are still regenerated from every results file);
 * BENCH_PARTS= (empty) only regenerates the pages.
 */
const PARTS = process.env.BENCH_PARTS?.split(',')
  .map((part) => part.trim())
  .filter((part) => part !== '') ?? ['bench:store', 'bench:replay', 'bench:e2e'];

function main(): void {
  const scripts = (
    JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  const failed: string[] = [];
  for (const part of PARTS) {
    if (!scripts[part]) {
      log(`${part}: no such script yet, skipped`);
      continue;
    }
    log(`${part}: running`);
    const { status } = spawnSync('npm', ['run', '--silent', part], { cwd: ROOT, stdio: 'inherit' });
    if (status !== 0) failed.push(part);
  }
  const results = resolve(__dirname, 'results');
  const pagePath = resolve(ROOT, BENCHMARKS_PAGE);
  const page = existsSync(pagePath) ? readFileSync(pagePath, 'utf8') : '';
  writeFileSync(pagePath, withBenchmarkSection(page, benchmarkSection(results)));
  const readmePath = resolve(ROOT, README_PAGE);
  writeFileSync(
    readmePath,
    withBenchmarkSection(readFileSync(readmePath, 'utf8'), readmeBenchmarkSection(results), README_MARKERS),
  );
  log(`${BENCHMARKS_PAGE} and ${README_PAGE} benchmark tables regenerated`);
  if (failed.length > 0) {
    log(`failed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

function log(message: string): void {
  process.stdout.write(`[bench] ${message}\n`);
}

main();
