import { codePageData, exchangeCode, resend, sendSignInLink, signInCode } from '$lib/server/account/code-actions';
import type { Actions, PageServerLoad } from './$types';

/** Sign-in, step 2: the code of the email (or its link, which opens /connexion/lien). */
export const load: PageServerLoad = (event) => codePageData(event);

export const actions: Actions = {
  code: (event) => exchangeCode(event, signInCode),
  resend: (event) => resend(event, sendSignInLink),
};
