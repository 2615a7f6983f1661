/** The worker's check of the configuration the page hands it: the same schema, failures as AppErrors. */
import { type AppConfig, describeConfigProblem, parseAppConfig } from '../domain/config';
import { AppError } from '../domain/errors';

export function requireAppConfig(value: unknown): AppConfig {
  const result = parseAppConfig(value);
  if (!result.ok) throw new AppError('input/invalid', describeConfigProblem(result.problem));
  return result.config;
}
