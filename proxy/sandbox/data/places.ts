/** Where a client is: the tax jurisdiction decides the tax block; the place decides address and phone formats. */
import type { TaxJurisdiction } from './model';
import type { Rng } from './prng';
import type { Place } from './vocabulary';
import { AU_PLACES, NZ_PLACES, OTHER_PLACES } from './vocabulary';

export type { Place } from './vocabulary';

export interface TaxJurisdictionPlace {
  readonly jurisdiction: TaxJurisdiction;
  readonly place: Place;
}

/** Where a practice's clients live: an Australian practice has some NZ and overseas clients, and the reverse. */
export interface Catchment {
  readonly home: 'AU' | 'NZ';
  /** Share of clients in the other trans-Tasman country. */
  readonly crossTasman: number;
  /** Share of clients elsewhere (UK, Singapore, US). */
  readonly overseas: number;
}

export function pickLocation(rng: Rng, catchment: Catchment): TaxJurisdictionPlace {
  const r = rng.next();
  if (r < catchment.overseas) return { jurisdiction: 'OTHER', place: rng.pick(OTHER_PLACES) };
  const away = r < catchment.overseas + catchment.crossTasman;
  const country = away ? (catchment.home === 'AU' ? 'NZ' : 'AU') : catchment.home;
  return country === 'AU'
    ? { jurisdiction: 'AU', place: rng.pick(AU_PLACES) }
    : { jurisdiction: 'NZ', place: rng.pick(NZ_PLACES) };
}
