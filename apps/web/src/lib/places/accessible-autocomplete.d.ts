/* The part of accessible-autocomplete (alphagov, v3) the place fields use; the package ships no types. */
declare module 'accessible-autocomplete' {
  type Options<T> = {
    element: HTMLElement;
    id: string;
    name?: string;
    defaultValue?: string;
    source: (query: string, populate: (results: T[]) => void) => void;
    minLength?: number;
    displayMenu?: 'inline' | 'overlay';
    showNoOptionsFound?: boolean;
    confirmOnBlur?: boolean;
    templates?: { inputValue?: (option?: T | string) => string; suggestion?: (option: T | string) => string };
    onConfirm?: (option?: T) => void;
    tNoResults?: () => string;
    tStatusQueryTooShort?: (minLength: number) => string;
    tStatusNoResults?: () => string;
    tStatusSelectedOption?: (option: string, length: number, index: number) => string;
    tStatusResults?: (length: number, selected: string) => string;
    tAssistiveHint?: () => string;
  };
  export default function accessibleAutocomplete<T>(options: Options<T>): void;
}
