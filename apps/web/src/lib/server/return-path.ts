/**
 * A path on this site to go back to after a detour (language switch, sign-in): only a local
 * path, never another site (`//evil.example`, `/\evil.example`, `https://…`).
 */
export function safeReturnPath(candidate: string | null | undefined): string {
  if (!candidate || !candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(candidate)) return '/';
  return candidate;
}
