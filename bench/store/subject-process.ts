/**
 * One benchmarked system in its own Node process, driven by bench/store.ts over IPC. Separate processes keep the
 * systems from sharing pg's global type parsers or a garbage collector, and let one of them be profiled alone
 * (BENCH_CPU_PROF=<subject>).
 */
import { EmmettSubject } from './subjects/emmett';
import { OurEventStoreSubject } from './subjects/ours';
import { PlainSqlSubject } from './subjects/plain-sql';
import type { BenchSubject, SubjectName } from './subject';
import { WorkloadName, WorkloadRunner } from './workloads';

export type SubjectRequest =
  | { id: number; kind: 'setup' }
  | { id: number; kind: 'run'; workload: WorkloadName; seconds: number }
  | { id: number; kind: 'versions' }
  | { id: number; kind: 'teardown' };

export type SubjectReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string };

function subjectNamed(name: SubjectName): BenchSubject {
  switch (name) {
    case 'ours':
      return new OurEventStoreSubject({ encryptPersonalFields: true });
    case 'oursClear':
      return new OurEventStoreSubject({ encryptPersonalFields: false });
    case 'emmett':
      return new EmmettSubject();
    case 'plainSql':
      return new PlainSqlSubject();
  }
}

const subject = subjectNamed(process.argv[2] as SubjectName);
const runner = new WorkloadRunner(subject);

async function handle(request: SubjectRequest): Promise<unknown> {
  switch (request.kind) {
    case 'setup':
      return subject.setup();
    case 'run':
      return runner.run(request.workload, request.seconds);
    case 'versions':
      return subject.versions();
    case 'teardown':
      await subject.teardown();
      // Let the reply leave, then end (profiles are written on a normal exit).
      setImmediate(() => process.disconnect());
      return undefined;
  }
}

process.on('message', (request: SubjectRequest) => {
  handle(request).then(
    (value) => process.send!({ id: request.id, ok: true, value } satisfies SubjectReply),
    (error: unknown) =>
      process.send!({
        id: request.id,
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      } satisfies SubjectReply),
  );
});
