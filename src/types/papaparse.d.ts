/**
 * The part of papaparse the worker uses (Papa.unparse), typed here because @types/papaparse pulls
 * Node's types into whatever imports it, which would let Node-only code type-check in the browser
 * project. src/tsconfig.json maps 'papaparse' to this file; tests keep using @types/papaparse.
 */
declare const Papa: {
  unparse(
    data: { readonly fields: readonly string[]; readonly data: readonly (readonly string[])[] },
    config: { readonly quotes: boolean; readonly newline: string; readonly escapeFormulae: boolean },
  ): string;
};
export default Papa;
