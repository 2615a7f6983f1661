/** Saves a Blob as a file download, through a temporary <a download> (no server round trip). */

/**
 * How long the object URL outlives the click. Browsers read it asynchronously after the click, and
 * revoking it too early cancels the download in some of them; by then the download has long
 * started, and revoking frees the CSV's memory (tens of MB for a big practice).
 */
export const REVOKE_OBJECT_URL_AFTER_MS = 10_000;

export function saveBlob(blob: Blob, filename: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_OBJECT_URL_AFTER_MS);
}
