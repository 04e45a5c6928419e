import type { Locale } from '$lib/i18n/locale';
import type { Messages } from '$lib/i18n/messages';

declare global {
  namespace App {
    interface Locals {
      locale: Locale;
      t: Messages;
    }
    interface PageData {
      locale: Locale;
    }
  }
}

export {};
