/** A ticking clock signal for countdowns and "… ago" texts; ticks only while `active` is true. */
import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';
import { APP_SYSTEM_CLOCK, type AppClock } from '../app-clock';

export function createNow(
  intervalMs: number,
  active: Accessor<boolean> = () => true,
  clock: AppClock = APP_SYSTEM_CLOCK,
): Accessor<number> {
  const [now, setNow] = createSignal(clock.now());
  createEffect(() => {
    if (!active()) return;
    setNow(clock.now());
    const timer = setInterval(() => setNow(clock.now()), intervalMs);
    // A jump of the clock (a test moving it) shows at once, not at the next tick.
    const stopJumps = clock.onJump(() => {
      setNow(clock.now());
    });
    onCleanup(() => {
      clearInterval(timer);
      stopJumps();
    });
  });
  return now;
}
