/** A text field of a posted form, trimmed and bounded; a file or a missing field is empty. */
export function formText(form: FormData, name: string, max: number, options: { trim?: boolean } = {}): string {
  const value = form.get(name);
  if (typeof value !== 'string') return '';
  return (options.trim === false ? value : value.trim()).slice(0, max);
}
