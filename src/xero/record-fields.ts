/**
 * Typing helpers for mapping XPM element names onto record fields: each reader declares a table
 * from element name to field key, and the compiler checks that the key exists and has the right type.
 */

/** A record under construction: the same fields, writable. */
export type Draft<T> = { -readonly [K in keyof T]: T[K] };

/** Keys of T whose values are strings. */
export type TextKey<T> = { [K in keyof T]-?: T[K] extends string ? K : never }[keyof T];

/** Keys of T whose values are booleans. */
export type FlagKey<T> = { [K in keyof T]-?: T[K] extends boolean ? K : never }[keyof T];

/** XPM flags are the strings Yes/No (xpm-api.md §2.5); only Yes, in any case and padding, is true. */
export function isYes(text: string): boolean {
  return text.trim().toLowerCase() === 'yes';
}
