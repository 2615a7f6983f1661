/**
 * `modifiedsince=yyyy-MM-ddTHH:mm:ss`, read as UTC (xpm-api.md §2.2, §2.6). The sandbox treats the
 * instant as inclusive: a client modified exactly then is returned (an [open] point in xpm-api.md §10;
 * inclusive is the safe reading for an app that subtracts an overlap anyway).
 */

const XPM_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

/** Milliseconds since the epoch, or null when the value is not a real date in XPM's format. */
export function parseModifiedSince(value: string): number | null {
  const m = XPM_DATE_TIME.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  // Date.UTC rolls 2024-02-30 over to March; a real date survives the round trip unchanged.
  if (
    d.getUTCFullYear() !== year ||
    d.getUTCMonth() !== month - 1 ||
    d.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return null;
  }
  return ms;
}
