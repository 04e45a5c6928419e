import type { Locale } from '$lib/i18n/locale';
import type { Messages } from '$lib/i18n/messages';
import type { WebSession } from '$lib/server/session';

declare global {
  namespace App {
    interface Locals {
      locale: Locale;
      t: Messages;
      /** The signed-in person, if any (from the session cookie). */
      session: WebSession | undefined;
    }
    interface PageData {
      locale: Locale;
    }
  }
}

export {};
