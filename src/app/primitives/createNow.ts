/** A ticking clock signal for countdowns and "… ago" texts; ticks only while `active` is true. */
import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';

export function createNow(intervalMs: number, active: Accessor<boolean> = () => true): Accessor<number> {
  const [now, setNow] = createSignal(Date.now());
  createEffect(() => {
    if (!active()) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    onCleanup(() => clearInterval(timer));
  });
  return now;
}
