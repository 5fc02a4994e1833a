/**
 * `npm run bench`: every benchmark part that exists (bench:store, then bench:replay and bench:e2e when their
 * scripts are defined), one after the other so they do not compete for the CPUs, then the README's benchmark
 * table regenerated from bench/results/*.json. A failing part is reported and the others still run; the exit
 * code says whether all succeeded.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchmarkSection, withBenchmarkSection } from './readme-table';

const ROOT = resolve(__dirname, '..');
/** BENCH_PARTS=bench:store,... runs only those (the README is still regenerated from every results file). */
const PARTS = process.env.BENCH_PARTS?.split(',').map((part) => part.trim()) ?? [
  'bench:store',
  'bench:replay',
  'bench:e2e',
];

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
  const readmePath = resolve(ROOT, 'README.md');
  writeFileSync(
    readmePath,
    withBenchmarkSection(readFileSync(readmePath, 'utf8'), benchmarkSection(resolve(__dirname, 'results'))),
  );
  log('README.md benchmark section regenerated');
  if (failed.length > 0) {
    log(`failed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

function log(message: string): void {
  process.stdout.write(`[bench] ${message}\n`);
}

main();
