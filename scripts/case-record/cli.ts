/**
 * `npm run case-record -- --incident <id> --reason "<why>" [--out record.html|record.json]`: the whole case record,
 * fetched from the three services' events routes as an operator (so every read is audited with the reason in each
 * service's read audit) and merged into one chronological record. See `--help`.
 */
import { userInfo } from 'node:os';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { signDevelopmentToken } from '@rcrp/auth';
import { loadAuthConfig } from '@rcrp/config';
import { accessReasonProblem } from '@rcrp/personal-data';
import {
  allStreamsVerify,
  caseRecordHtml,
  mergeCaseRecord,
  SERVICES,
  type ServiceName,
  type ServicePart,
} from './record';

export const CASE_RECORD_HELP = `usage: npm run case-record -- --incident <id> --reason "<why>" [options]

The whole case record of one incident: intake's, triage's and outcomes' events of the case, decrypted, in the
order things happened, with who did what, the section 136 rule set in force and the hash-chain check of each
service's stream. Read through the services' APIs as an operator: each service records the read, with the
reason, in its read audit.

options:
  --incident <id>       the incident id (UUID)                                       (required)
  --reason "<why>"      why the record is needed, e.g. "Coroner request 2026/117"   (required, 10-500 characters)
  --out <file>          write to a file: .html (a printable page) or .json          (default: JSON on stdout)
  --token <jwt>         an operator's bearer token (or RCRP_TOKEN); without one, outside production, a
                        development token is minted from AUTH_JWT_SECRET (.env.local) for --actor
  --actor <id>          who asks, for the development token                          (default: the OS user)
  --intake <url>        intake's base URL      (default http://127.0.0.1:$INTAKE_PORT, 3001)
  --triage <url>        triage's base URL      (default http://127.0.0.1:$TRIAGE_PORT, 3002)
  --outcomes <url>      outcomes' base URL     (default http://127.0.0.1:$OUTCOMES_PORT, 3003)
  --help                this text

exit codes: 0 the record was written and every stream verified; 1 a service could not be read, or a stream's
hash chain is broken (the record is still written, naming the broken stream); 2 usage error.`;

export interface CaseRecordIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env?: NodeJS.ProcessEnv;
}

class UsageError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EVENTS_PATH: Record<ServiceName, (id: string) => string> = {
  intake: (id) => `/incidents/${id}/events`,
  triage: (id) => `/triage/${id}/events`,
  outcomes: (id) => `/outcomes/${id}/events`,
};
const DEFAULT_PORTS: Record<ServiceName, number> = { intake: 3001, triage: 3002, outcomes: 3003 };

interface Options {
  incident: string;
  reason: string;
  out: string | null;
  token: string | null;
  actor: string;
  urls: Record<ServiceName, string>;
}

function parseOptions(args: string[], env: NodeJS.ProcessEnv): Options | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        incident: { type: 'string' },
        reason: { type: 'string' },
        out: { type: 'string' },
        token: { type: 'string' },
        actor: { type: 'string' },
        intake: { type: 'string' },
        triage: { type: 'string' },
        outcomes: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    // parseArgs names the unknown option; it never quotes a value.
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  if (!values.incident) throw new UsageError('--incident is required');
  if (!UUID.test(values.incident)) throw new UsageError('--incident must be a UUID');
  // The services' X-Access-Reason rule (libs/personal-data), checked here so a short reason is a usage error.
  const reason = (values.reason ?? '').trim();
  const reasonProblem = accessReasonProblem(reason);
  if (reasonProblem !== null) throw new UsageError(`--reason ${reasonProblem}`);
  if (values.out && !/\.(html|json)$/i.test(values.out))
    throw new UsageError('--out must end in .html or .json');
  const urls = {} as Record<ServiceName, string>;
  for (const service of SERVICES) {
    const port = env[`${service.toUpperCase()}_PORT`] ?? String(DEFAULT_PORTS[service]);
    urls[service] = (values[service] ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '');
  }
  return {
    incident: values.incident.toLowerCase(),
    reason,
    out: values.out ?? null,
    token: values.token ?? env.RCRP_TOKEN ?? null,
    actor: values.actor ?? userInfo().username,
    urls,
  };
}

async function tokenFor(options: Options, env: NodeJS.ProcessEnv): Promise<string> {
  if (options.token) return options.token;
  if (env.NODE_ENV === 'production')
    throw new UsageError(
      '--token (or RCRP_TOKEN) is required in production: an operator token from the identity provider',
    );
  return signDevelopmentToken(loadAuthConfig({ env }), { sub: options.actor, role: 'operator', ttl: '10m' });
}

async function fetchPart(service: ServiceName, options: Options, token: string): Promise<ServicePart | null> {
  const url = `${options.urls[service]}${EVENTS_PATH[service](options.incident)}`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: {
        authorization: `Bearer ${token}`,
        'x-access-reason': options.reason,
        accept: 'application/json',
      },
    });
  } catch (error) {
    throw new Error(`${service} is not reachable at ${options.urls[service]} (${(error as Error).message})`);
  }
  if (response.status === 404) return null;
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new Error(`${service} answered ${response.status}${body.message ? `: ${body.message}` : ''}`);
  }
  return (await response.json()) as ServicePart;
}

export async function runCaseRecordCli(args: string[], io: CaseRecordIo): Promise<number> {
  const env = io.env ?? process.env;
  let options: Options | 'help';
  try {
    options = parseOptions(args, env);
    if (options === 'help') {
      io.stdout.write(`${CASE_RECORD_HELP}\n`);
      return 0;
    }
    const token = await tokenFor(options, env);
    const parts: Partial<Record<ServiceName, ServicePart>> = {};
    for (const service of SERVICES) {
      const part = await fetchPart(service, options, token);
      if (part) parts[service] = part;
    }
    if (Object.keys(parts).length === 0) {
      io.stderr.write(`case-record: no service holds anything of incident ${options.incident}\n`);
      return 1;
    }
    const record = mergeCaseRecord(parts, {
      incidentId: options.incident,
      generatedAt: new Date().toISOString(),
      generatedBy: options.actor,
      reason: options.reason,
    });
    const text = options.out?.toLowerCase().endsWith('.html')
      ? caseRecordHtml(record)
      : `${JSON.stringify(record, null, 2)}\n`;
    if (options.out) writeFileSync(options.out, text, { mode: 0o600 });
    else io.stdout.write(text);
    for (const stream of record.streams) {
      const state = typeof stream.verification === 'object' ? 'BROKEN' : stream.verification;
      io.stderr.write(`case-record: ${stream.service}: ${stream.events} events, chain ${state}\n`);
    }
    if (options.out)
      io.stderr.write(`case-record: ${record.entries.length} entries written to ${options.out}\n`);
    return allStreamsVerify(record) ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`case-record: ${error.message}\n(npm run case-record -- --help)\n`);
      return 2;
    }
    io.stderr.write(`case-record: ${(error as Error).message}\n`);
    return 1;
  }
}
