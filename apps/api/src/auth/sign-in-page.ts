import { SIGN_IN_TOKEN_PATTERN } from '@trame/mail';
import type { Bilingual } from '../shared/html-page';
import type { SingleUseLinkPage } from '../shared/single-use-link-page';

/** The one answer to a link request, whatever the address. */
export const linkSent = (ttlSeconds: number): Bilingual => {
  const minutes = Math.max(1, Math.round(ttlSeconds / 60));
  return {
    fr:
      'Si cette adresse est connue de Trame, un lien de connexion et un code à 6 chiffres viennent d’y être envoyés. ' +
      `Ils sont valables ${minutes} minutes.`,
    en: `If Trame knows this address, a sign-in link and a 6-digit code have just been sent to it. They are valid for ${minutes} minutes.`,
  };
};

/** The one answer to a code that does not sign in: wrong, expired, used, or an address without a pending request. */
export const CODE_INVALID: Bilingual = {
  fr:
    'Ce code ne permet pas de se connecter : il est erroné, a expiré ou a déjà servi. ' +
    'Vérifiez l’adresse et le code, ou demandez un nouveau lien.',
  en:
    'This code does not sign you in: it is wrong, has expired or was already used. ' +
    'Check the address and the code, or ask for a new link.',
};

export const SIGN_IN_MESSAGES = {
  confirm: {
    fr: 'Se connecter à Trame avec ce lien ? Il ne sert qu’une fois.',
    en: 'Sign in to Trame with this link? It works only once.',
  },
  button: { fr: 'Me connecter', en: 'Sign me in' },
  invalid: {
    fr: 'Ce lien de connexion n’est pas valide : il a déjà servi ou a expiré. Demandez-en un nouveau.',
    en: 'This sign-in link is not valid: it was already used or has expired. Ask for a new one.',
  },
  signedIn: {
    fr: 'Vous êtes connecté·e. Votre jeton de session, à envoyer dans l’en-tête « Authorization: Bearer … » :',
    en: 'You are signed in. Your session token, to send in the “Authorization: Bearer …” header:',
  },
} satisfies Record<string, Bilingual>;

/**
 * The page a sign-in email opens: its button POSTs the token to `token` (relative:
 * /v1/auth/token), which answers with a page showing the session token. Trame has no web
 * front-end yet: an app would POST the token itself and keep the JSON answer.
 */
export const SIGN_IN_PAGE: SingleUseLinkPage = {
  action: 'token',
  button: SIGN_IN_MESSAGES.button,
  tokenPattern: SIGN_IN_TOKEN_PATTERN,
  confirm: SIGN_IN_MESSAGES.confirm,
  invalid: SIGN_IN_MESSAGES.invalid,
};
