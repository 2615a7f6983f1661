/** Validation of the plan command's options into SyncOptions. */
import { AppError } from '../domain/errors';
import { DEFAULT_SYNC_OPTIONS, type SyncOptions } from '../domain/settings';
import { isSupportedCountryCode } from '../sync/validate';
import { validateEmail } from '../sync/validate';

export const PLAN_USAGE = `Usage: npm run plan -- --clients FILE.xml [--staff FILE.xml] [--country AU]
                        [--default-partner EMAIL] [--include-archived] [--rescue-numbers]
                        [--max-response-bytes N]

Prints the import plan for saved XPM responses (client.api/list?detailed=true and staff.api/list) as JSON.
A file larger than the app's response limit (maxResponseBytes, default 512 MiB) is refused with exit 2;
--max-response-bytes sets the limit as config.json does for the app.`;

export interface PlanArgs {
  readonly country?: string | undefined;
  readonly 'default-partner'?: string | undefined;
  readonly 'include-archived'?: boolean | undefined;
  readonly 'rescue-numbers'?: boolean | undefined;
}

export function parsePlanOptions(args: PlanArgs): SyncOptions {
  const country = (args.country ?? DEFAULT_SYNC_OPTIONS.defaultCountry).trim().toUpperCase();
  if (!isSupportedCountryCode(country)) {
    throw new AppError(
      'input/invalid',
      `--country "${args.country}" is not a country code this app knows; use a two-letter ISO code such as AU, NZ or GB.`,
    );
  }
  let defaultPartnerEmail: string | null = null;
  if (args['default-partner'] !== undefined) {
    const checked = validateEmail(args['default-partner']);
    if (!checked.ok) {
      throw new AppError(
        'input/invalid',
        `--default-partner "${args['default-partner']}" is not a single valid email address.`,
      );
    }
    defaultPartnerEmail = checked.value;
  }
  return {
    defaultCountry: country,
    defaultPartnerEmail,
    includeArchived: args['include-archived'] ?? false,
    rescueNumbers: args['rescue-numbers'] ?? false,
  };
}
