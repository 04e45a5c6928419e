/** Stream ids follow EventStoreDB's category convention: `<category>-<uuid>`. */
export const STREAM_CATEGORIES = ['project', 'member', 'referent', 'introduction'] as const;
export type StreamCategory = (typeof STREAM_CATEGORIES)[number];

export const streamId = (category: StreamCategory, id: string): string => `${category}-${id}`;

export const parseStreamId = (stream: string): { category: string; id: string } => {
  const dash = stream.indexOf('-');
  return dash < 0 ? { category: stream, id: '' } : { category: stream.slice(0, dash), id: stream.slice(dash + 1) };
};
