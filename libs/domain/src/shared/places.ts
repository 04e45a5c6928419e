/**
 * Places as stored in events: always resolved (coordinates plus enclosing codes) by the
 * territories library before the command is built, so replaying the log never depends
 * on the reference data of the day.
 */
export type AdminCodes = Readonly<{
  communeCode?: string;
  departementCode?: string;
  regionCode?: string;
}>;

export type ResolvedLocation = Readonly<
  {
    lat: number;
    lon: number;
    label: string;
  } & AdminCodes
>;

/** A circle around a place, or a whole administrative area. */
export type ResolvedTerritory =
  | Readonly<{ kind: 'radius'; lat: number; lon: number; radiusKm: number; label: string } & AdminCodes>
  | Readonly<
      {
        kind: 'area';
        level: 'commune' | 'departement' | 'region';
        code: string;
        lat: number;
        lon: number;
        label: string;
      } & AdminCodes
    >;

/** Personal data sealed with the subject's key (see libs/personal-data); opaque here. */
export type Sealed = string;
