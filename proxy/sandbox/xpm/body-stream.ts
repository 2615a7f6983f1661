/**
 * Response bodies as streams: fragments are pulled only when the client reads (backpressure), in
 * chunks of about 64 KiB, so a 50 MB list is never one string in memory. Faults wrap the stream to
 * slow it down or cut it off.
 */

/** Chunk size: large enough for loopback throughput, small enough that backpressure bites early. */
export const CHUNK_BYTES = 64 * 1024;

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Streams `parts` in CHUNK_BYTES chunks. `onDone` runs once when the body ends, fails or is
 * cancelled — that is when a call stops being "in flight" for the concurrency limit.
 */
export function streamParts(
  parts: Iterable<Uint8Array>,
  onDone: () => void = () => undefined,
): ReadableStream<Uint8Array> {
  const iterator = parts[Symbol.iterator]();
  let pending: Uint8Array | null = null;
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    onDone();
  };
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        try {
          const chunk = new Uint8Array(CHUNK_BYTES);
          let filled = 0;
          while (filled < CHUNK_BYTES) {
            if (pending === null) {
              const next = iterator.next();
              if (next.done) break;
              pending = next.value;
            }
            const take = Math.min(pending.byteLength, CHUNK_BYTES - filled);
            chunk.set(pending.subarray(0, take), filled);
            filled += take;
            pending = take === pending.byteLength ? null : pending.subarray(take);
          }
          if (filled > 0) controller.enqueue(chunk.subarray(0, filled));
          if (filled < CHUNK_BYTES) {
            controller.close();
            finish();
          }
        } catch (error) {
          controller.error(error);
          finish();
        }
      },
      cancel() {
        iterator.return?.();
        finish();
      },
    },
    { highWaterMark: 1 },
  );
}

/** Real-time waits for the network faults (latency, bandwidth): they model the wire, not the sandbox clock. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** How often a throttled stream sends: 10 slices a second keeps the rate smooth. */
const THROTTLE_SLICES_PER_SECOND = 10;

/** Limits a stream to about `bytesPerSecond` (real time: this is about the network, not the sandbox clock). */
export function throttle(source: ReadableStream<Uint8Array>, bytesPerSecond: number): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  const slice = Math.max(1, Math.floor(bytesPerSecond / THROTTLE_SLICES_PER_SECOND));
  let pending: Uint8Array | null = null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (pending === null || pending.byteLength === 0) {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        pending = value;
      }
      const piece = pending.subarray(0, slice);
      pending = pending.subarray(piece.byteLength);
      await sleep((piece.byteLength / bytesPerSecond) * 1000);
      controller.enqueue(piece);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/**
 * Cuts a stream after `afterBytes`. `end` closes it there (a short body that looks complete);
 * `destroy` errors it, which the node adapter turns into a dropped connection.
 */
export function truncate(
  source: ReadableStream<Uint8Array>,
  afterBytes: number,
  mode: 'end' | 'destroy',
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        controller.close();
        return;
      }
      const room = afterBytes - sent;
      if (value.byteLength < room) {
        sent += value.byteLength;
        controller.enqueue(value);
        return;
      }
      if (room > 0) controller.enqueue(value.subarray(0, room));
      sent = afterBytes;
      await reader.cancel();
      if (mode === 'end') controller.close();
      else controller.error(new Error('sandbox fault: connection dropped mid-body'));
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
