/** Milliseconds left until a deadline, ticking while time remains and stopping at zero. */
import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';

export function createCountdown(
  deadline: Accessor<number | null>,
  tickMs: number,
  clock: () => number = Date.now,
): Accessor<number> {
  const [remaining, setRemaining] = createSignal(0);
  createEffect(() => {
    const end = deadline();
    const update = (): boolean => {
      const left = end === null ? 0 : Math.max(0, end - clock());
      setRemaining(left);
      return left > 0;
    };
    if (!update()) return;
    const timer = setInterval(() => {
      if (!update()) clearInterval(timer);
    }, tickMs);
    onCleanup(() => clearInterval(timer));
  });
  return remaining;
}
