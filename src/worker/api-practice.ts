/**
 * The sync worker's API: the practice guard (C4). Connecting a practice other than the one whose
 * records are stored needs the user's confirmation, which names both practices; the page asks
 * `practiceSwitch` before choosing, and `choosePractice` refuses to go on without the user's choice.
 */
import { AppError } from '../domain/errors';
import type { Result } from '../domain/result';
import type { TenantId } from '../domain/ids';
import type { PracticeSwitch, PracticeSwitchChoice } from '../domain/practice';
import { eraseOtherPractices, keepOtherPracticesAsManual, otherPracticeRecords } from '../storage/practice-switch';
import { refreshListHeads } from '../storage/list-heads';
import { toWireError } from '../domain/errors';
import type { Practice } from './protocol';
import type { WorkerContext } from './worker-context';

/**
 * Applies the user's choice before `to` becomes the connected practice. Nothing to do when no other
 * practice's records are stored; refused, naming the practices, when there are and no choice was made.
 * Any run of the old practice is stopped first and the switch happens under the run lock, so no batch
 * of it lands afterwards.
 */
export async function guardPracticeSwitch(
  ctx: WorkerContext,
  to: Practice,
  choice: PracticeSwitchChoice | undefined,
): Promise<void> {
  const others = await otherPracticeRecords(ctx.db, to.tenantId);
  if (others.length === 0) return;
  if (choice === undefined) {
    throw new AppError(
      'input/invalid',
      `This browser holds records of ${others.map((o) => o.practice.name).join(' and ')}. Confirm whether to keep them as manual records or erase them before connecting ${to.name}.`,
    );
  }
  ctx.cancelLocalRun('Connecting another practice.');
  ctx.deps.control.post({ type: 'cancel' });
  await ctx.deps.runLock.run(async () => {
    if (choice === 'keep') await keepOtherPracticesAsManual(ctx.db, to.tenantId, ctx.deps.now());
    else await eraseOtherPractices(ctx.db, to.tenantId);
  });
  await refreshListHeads(ctx.db).catch((error: unknown) =>
    ctx.deps.log.warn('list-heads-failed', { code: toWireError(error).code }),
  );
}

export function practiceMethods(ctx: WorkerContext) {
  return {
    /**
     * What connecting this practice would put beside records of other practices (C4), or null when
     * nothing: the page shows the confirmation from it.
     */
    practiceSwitch: (practice: Practice): Promise<Result<PracticeSwitch | null>> =>
      ctx.guard('practiceSwitch', async (): Promise<PracticeSwitch | null> => {
        const offered = ctx.offeredPractices.find((p) => p.tenantId === practice.tenantId);
        if (!offered)
          throw new AppError(
            'input/invalid',
            'That practice is not one of those Xero connected. Connect again and choose from the list.',
          );
        const tenantId: TenantId = offered.tenantId;
        const from = await otherPracticeRecords(ctx.db, tenantId);
        return from.length === 0 ? null : { to: { tenantId, name: offered.name }, from };
      }),
  };
}
