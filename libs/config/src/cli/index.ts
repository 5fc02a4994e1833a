export { EXIT_CODES, type ExitCode } from './exit-codes';
export { UsageError } from './usage-error';
export {
  helpText,
  usageText,
  wantsHelp,
  type CliHelp,
  type CliOption,
  type CliOptionGroup,
  type CliSetting,
} from './help-text';
export { runCli, runCliMain, type Cli, type CliIo } from './run-cli';
export { parseFlags } from './parse-flags';
export { captureCli, type CapturedRun } from './capture-cli';
