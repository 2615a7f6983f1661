/**
 * S8: while Xero's rate limit has paused syncing, when the pause ends in words ("9:24 PM"), else
 * null. Read from the scheduler state in IndexedDB (so every tab agrees) and ticking, so the buttons
 * that may not be used before then (Resync Now, Resync All, Start sync) come back on their own.
 */
import { createMemo, type Accessor } from 'solid-js';
import { useAppState } from '../../app-state';
import { createCountdown } from '../../primitives/createCountdown';
import { useClock } from '../../services';
import { pauseEndText } from './run-labels';

/** The countdown shows seconds, so it ticks every second (only while a pause is running). */
const PAUSE_TICK_MS = 1_000;

export function createPauseEnd(): Accessor<string | null> {
  const app = useAppState();
  const clock = useClock();
  const left = createCountdown(() => app.syncState().pausedUntil, PAUSE_TICK_MS, clock.now);
  const pausedUntil = createMemo(() => (left() > 0 ? app.syncState().pausedUntil : null));
  return () => {
    const until = pausedUntil();
    return until === null ? null : pauseEndText(until, clock.now());
  };
}

/** What a button that is off during the pause says about it (its description). */
export function pausedSentence(end: string): string {
  return `Paused — rate limited until ${end}: Xero’s API limit for this practice was reached, so nothing is sent to Xero before then, hourly syncs included. Syncing resumes by itself.`;
}

/**
 * What a rate-limit pause means, said once on the last sync's card (its status line already says
 * "Paused — rate limited until 9:24 PM"); `end` is null once the pause is over.
 */
export function pausedMeaning(end: string | null): string {
  return end === null
    ? 'That pause is over: syncs run again as usual.'
    : `Nothing is sent to Xero before ${end}, hourly syncs included. Syncing then resumes by itself.`;
}
