export * from './app-config';
export * from './configuration-error';
export * from './config.module';
export {
  defaultEnvFilePath,
  ENV_FILE_NAME,
  findProjectRoot,
  mergedEnvironment,
  parseEnvFile,
  readEnvFile,
} from './env-file';
export { loadAuthConfig, loadConfig, readAuthConfig } from './load-config';
export type { LoadConfigOptions } from './load-config';
export { CONSOLE_DEFAULT_PORT, ConsoleConfig, loadConsoleConfig } from './console-config';
export * from './cli';
