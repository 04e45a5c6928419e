import { ApiProperty } from '@nestjs/swagger';
import type { Bilingual } from '../shared/html-page';
import { ResolutionNoteDto } from '../shared/views.dto';

/**
 * The one answer to a registration, whether the address is new (registered, and sent a
 * confirmation link and code) or already has an account (left as it was, and sent a sign-in
 * link and code): nothing in it tells the two apart. The member learns their id by
 * confirming or signing in (`memberIds`).
 */
export const registrationAccepted = (): Bilingual => ({
  fr:
    'Merci ! Un e-mail part à cette adresse avec un lien et un code à 6 chiffres : suivez le lien ou tapez le code ' +
    'pour confirmer votre adresse et vous connecter. Rien d’autre ne vous sera envoyé avant. ' +
    'Si un compte existait déjà pour cette adresse, il est resté tel quel : vous pourrez le modifier une fois connecté·e.',
  en:
    'Thank you! An email is on its way to this address with a link and a 6-digit code: follow the link or type the code ' +
    'to confirm your address and sign in. Nothing else will be sent to you before. ' +
    'If this address already had an account, it was left as it was: you can change it once signed in.',
});

export class RegistrationAcceptedDto {
  @ApiProperty({ example: 'Merci ! Un e-mail part à cette adresse … / Thank you! An email is on its way to this address …' })
  message: string;

  @ApiProperty({ type: [ResolutionNoteDto], description: 'how the places were read (from the request alone)' })
  notes: ResolutionNoteDto[];
}
