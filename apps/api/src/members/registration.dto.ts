import { ApiProperty } from '@nestjs/swagger';
import type { Bilingual } from '../shared/html-page';
import { ResolutionNoteDto } from '../shared/views.dto';

/**
 * The one answer to a registration, whether the address is new (registered, and sent a
 * link) or already has an account (left as it was, and sent a sign-in link): nothing in
 * it tells the two apart. The member learns their id by signing in (`memberIds`).
 */
export const registrationAccepted = (ttlSeconds: number): Bilingual => {
  const minutes = Math.max(1, Math.round(ttlSeconds / 60));
  return {
    fr:
      `Merci ! Un e-mail part à cette adresse avec un lien pour vous connecter (valable ${minutes} minutes). ` +
      'Si un compte existait déjà pour cette adresse, il est resté tel quel : vous pourrez le modifier une fois connecté·e.',
    en:
      `Thank you! An email is on its way to this address with a link to sign in (valid for ${minutes} minutes). ` +
      'If this address already had an account, it was left as it was: you can change it once signed in.',
  };
};

export class RegistrationAcceptedDto {
  @ApiProperty({ example: 'Merci ! Un e-mail part à cette adresse … / Thank you! An email is on its way to this address …' })
  message: string;

  @ApiProperty({ type: [ResolutionNoteDto], description: 'how the places were read (from the request alone)' })
  notes: ResolutionNoteDto[];
}
