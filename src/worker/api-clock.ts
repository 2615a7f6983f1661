/**
 * The sync worker's side of the test clock (src/domain/clock.ts): the page hands over how far a test
 * moved the app's clock, so the worker's rules (due times, cooldown, pauses, heartbeats) see the same
 * "now" as the page. Refused unless the worker was configured for a test stack (config.json
 * `testClock`), so in any other deployment nothing can move the worker's clock.
 */
import { AppError } from '../domain/errors';
import { isValidClockOffset, MAX_TEST_CLOCK_OFFSET_MS } from '../domain/clock';
import type { Result } from '../domain/result';
import type { WorkerContext } from './worker-context';

export function clockMethods(ctx: WorkerContext) {
  return {
    /** Test stacks only: the worker's clock runs `offsetMs` ahead of the system clock from now on. */
    setTestClockOffset: (offsetMs: number): Promise<Result<void>> =>
      ctx.guard('setTestClockOffset', async () => {
        const adjust = ctx.deps.setClockOffset;
        if (ctx.config?.testClock !== true || adjust === undefined)
          throw new AppError('input/invalid', 'The app’s clock can only be moved in a test stack (--test-controls).');
        if (!isValidClockOffset(offsetMs))
          throw new AppError(
            'input/invalid',
            `A test clock offset must be a whole number of milliseconds from 0 to ${MAX_TEST_CLOCK_OFFSET_MS}.`,
          );
        adjust(offsetMs);
      }),
  };
}
