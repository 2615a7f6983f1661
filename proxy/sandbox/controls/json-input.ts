/** Reading the test controls' JSON bodies without trusting their shape. */

/** A control request the sandbox cannot act on; answered with 400 and the message. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

export type JsonObject = Readonly<Record<string, unknown>>;

export function asObject(value: unknown, what: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InputError(`${what} must be a JSON object.`);
  return value as JsonObject;
}

export function optString(o: JsonObject, key: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new InputError(`"${key}" must be a string.`);
  return v;
}

export function reqString(o: JsonObject, key: string): string {
  const v = optString(o, key);
  if (v === undefined) throw new InputError(`"${key}" is required.`);
  return v;
}

export function optBoolean(o: JsonObject, key: string): boolean | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new InputError(`"${key}" must be true or false.`);
  return v;
}

export function optInteger(o: JsonObject, key: string, min: number, max: number): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new InputError(`"${key}" must be a whole number from ${min} to ${max}.`);
  return v;
}

export function optStringArray(o: JsonObject, key: string): string[] | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string'))
    throw new InputError(`"${key}" must be a list of strings.`);
  return v;
}

/** Throws for keys outside `allowed`, so a typo in a test is an error rather than a silent no-op. */
export function onlyKeys(o: JsonObject, allowed: readonly string[], what: string): void {
  const unknown = Object.keys(o).filter((k) => !allowed.includes(k));
  if (unknown.length > 0)
    throw new InputError(
      `${what}: unknown field(s) ${unknown.map((k) => `"${k}"`).join(', ')}; allowed: ${allowed.join(', ')}.`,
    );
}
