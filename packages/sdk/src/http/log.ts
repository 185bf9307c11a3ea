import { createClientLogger, setLogLevel, type AzureLogger } from '@azure/logger';

/** Log levels of the @azure/logger convention, most verbose first. */
export const LOG_LEVELS = ['verbose', 'info', 'warning', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The SDK's logger: lines go to stderr as `azure:adls-gen1:<level> …` once a level is set. */
export const logger: AzureLogger = createClientLogger('adls-gen1');

/** Whether `v` names a log level. */
export function isLogLevel(v: string | undefined): v is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(v ?? '');
}

/**
 * Honours ADLS_LOG_LEVEL like @azure/logger honours AZURE_LOG_LEVEL (which it reads itself): it sets the
 * level of every Azure SDK logger of the process and wins over AZURE_LOG_LEVEL. An unknown value is reported
 * once and ignored, as AZURE_LOG_LEVEL's is.
 */
function applyEnvironmentLevel(): void {
  const v = process.env.ADLS_LOG_LEVEL?.trim().toLowerCase();
  if (!v) return;
  if (isLogLevel(v)) setLogLevel(v);
  else process.stderr.write(`ADLS_LOG_LEVEL set to unknown log level '${v}'; logging is not enabled. Acceptable values: ${LOG_LEVELS.join(', ')}.\n`);
}
applyEnvironmentLevel();

export { setLogLevel, getLogLevel, AzureLogger } from '@azure/logger';
export type { AzureClientLogger } from '@azure/logger';
