import { CONFIRMATION_TOKEN_PATTERN } from '@trame/mail';
import type { Bilingual } from '../shared/html-page';
import type { SingleUseLinkPage } from '../shared/single-use-link-page';

export const CONFIRMATION_MESSAGES = {
  confirm: {
    fr: 'Confirmer votre adresse pour Trame ? Ce lien ne sert qu’une fois et vous connecte.',
    en: 'Confirm your address for Trame? This link works once and signs you in.',
  },
  button: { fr: 'Confirmer mon adresse', en: 'Confirm my address' },
  invalid: {
    fr: 'Ce lien de confirmation n’est pas valide : il a déjà servi ou a expiré. Demandez-en un nouveau depuis la page d’inscription.',
    en: 'This confirmation link is not valid: it was already used or has expired. Ask for a new one from the sign-up page.',
  },
  codeInvalid: {
    fr: 'Ce code ne confirme rien : il est erroné, a expiré ou a déjà servi. Vérifiez l’adresse et le code, ou demandez un nouvel e-mail.',
    en: 'This code confirms nothing: it is wrong, has expired or was already used. Check the address and the code, or ask for a new email.',
  },
  confirmed: {
    fr:
      'Merci, votre adresse est confirmée et vous êtes connecté·e. ' +
      'Votre jeton de session, à envoyer dans l’en-tête « Authorization: Bearer … » :',
    en: 'Thank you, your address is confirmed and you are signed in. Your session token, to send in the “Authorization: Bearer …” header:',
  },
  /** The one answer to "send it again", whatever the address. */
  resent: {
    fr:
      'Si un compte attend d’être confirmé avec cette adresse, un nouvel e-mail de confirmation vient d’y partir ' +
      '(sinon, un lien de connexion si elle est connue).',
    en:
      'If an account with this address awaits confirmation, a new confirmation email is on its way ' +
      '(otherwise, a sign-in link if the address is known).',
  },
} satisfies Record<string, Bilingual>;

/** The page a confirmation email opens: its button POSTs the token to the same path, which confirms and signs in. */
export const CONFIRMATION_PAGE: SingleUseLinkPage = {
  action: 'confirm',
  button: CONFIRMATION_MESSAGES.button,
  tokenPattern: CONFIRMATION_TOKEN_PATTERN,
  confirm: CONFIRMATION_MESSAGES.confirm,
  invalid: CONFIRMATION_MESSAGES.invalid,
};
