export const PROJECT_KINDS = [
  'eco-lieu',
  'habitat-partage',
  'fablab',
  'atelier-reparation',
  'ferme-cooperative',
  'achat-village',
  'eco-construction',
  'formation',
  'alimentation',
  'energie',
  'mobilite',
  'autre',
] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

export const PROJECT_STAGES = ['idea', 'maturing', 'launching', 'running'] as const;
export type ProjectStage = (typeof PROJECT_STAGES)[number];

export const CLOSE_REASONS = ['team-complete', 'abandoned', 'other'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
/** Every reason a project may be closed for: the holder's, and `holder-erased` (the system's, when its holder is erased). */
export const PROJECT_CLOSE_REASONS = [...CLOSE_REASONS, 'holder-erased'] as const;
export type ProjectCloseReason = (typeof PROJECT_CLOSE_REASONS)[number];

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const NOTIFY_FREQUENCIES = ['instant', 'daily', 'weekly', 'never'] as const;
export type NotifyFrequency = (typeof NOTIFY_FREQUENCIES)[number];

/** Suggested themes for pickers; themes stay free words. */
export const SUGGESTED_THEMES = [
  'alimentation',
  'agriculture',
  'habitat',
  'énergie',
  'mobilité',
  'réemploi',
  'biodiversité',
  'eau',
  'éducation',
  'culture',
  'numérique',
  'économie solidaire',
  'santé',
] as const;
