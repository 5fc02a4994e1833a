import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error';

type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` `parseArgs`, strict and without positionals, whose refusals are `UsageError`s (exit 2). Node's
 * messages name only flags, except for a stray value, which is not repeated (an unquoted value's second word could
 * be personal).
 */
export function parseFlags<const O extends FlagOptions>(argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      throw new UsageError('a value without a flag (a value with spaces needs quotes)');
    if (code?.startsWith('ERR_PARSE_ARGS_')) throw new UsageError((error as Error).message.split('\n')[0]);
    throw error;
  }
}
