import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiQuery } from '@nestjs/swagger';
import type { Request } from 'express';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { INPUT_BOUNDS, IsNotBlank } from '../http/input-rules';
import { MultiLine } from '../http/text-input';

/** Who may ask through the api; matcher suggestions come from the matcher itself. */
export const API_REQUESTERS = ['holder', 'member'] as const;

/** Longest requester message: it is sealed, so no rule downstream can bound it. */
export const INTRODUCTION_MESSAGE_MAX = 2000;

export class RequestIntroductionDto {
  @ApiProperty({ format: 'uuid', example: '0e9c2a4b-7d13-4f6e-8a25-c3b1d0f49e72' })
  @IsUUID()
  projectId: string;

  @ApiProperty({ format: 'uuid', example: '8a3f61d2-5c07-4b9e-a4d8-2f7e1b6c9035' })
  @IsUUID()
  memberId: string;

  @ApiProperty({ enum: API_REQUESTERS, description: 'holder: the project’s holder asks; member: the member asks' })
  @IsIn(API_REQUESTERS)
  requestedBy: (typeof API_REQUESTERS)[number];

  @ApiPropertyOptional({
    maxLength: INTRODUCTION_MESSAGE_MAX,
    description: 'A word for the other side, sealed with the requester’s key; sent only in the “you are introduced” email',
    example: 'Bonjour, votre profil correspond à ce que nous cherchons pour la ferme.',
  })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(INTRODUCTION_MESSAGE_MAX)
  @MultiLine()
  message?: string;
}

/** Body of approve and decline (JSON, or the page's form); the note's length is a rule of the decider (422). */
export class IntroductionNoteDto {
  @ApiPropertyOptional({
    description: 'The referent’s note, shown in the history (no contact details)',
    example: 'Projet connu localement, belle rencontre possible.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(INPUT_BOUNDS.freeText)
  @MultiLine()
  note?: string;
}

/** `?as=&token=` of an emailed link; `present` when either is given (the link then replaces the session). */
export type IntroductionLink = Readonly<{ present: boolean; as?: string; token?: string }>;

/**
 * Reads the link's two parameters and ignores any other: mail tools may append tracking
 * parameters, which must not turn a valid link into a 400. A repeated parameter is not a
 * string, so the link is then simply invalid (403).
 */
export const LinkQuery = createParamDecorator((_: unknown, ctx: ExecutionContext): IntroductionLink => {
  const query = ctx.switchToHttp().getRequest<Request>().query;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { present: query.as !== undefined || query.token !== undefined, as: text(query.as), token: text(query.token) };
});

/** The link's parameters in the OpenAPI document; `required` where the link is the only credential. */
export const ApiLinkQuery = (options: { required: boolean }) =>
  applyDecorators(
    ApiQuery({
      name: 'as',
      type: String,
      required: options.required,
      description: 'the actor an emailed link was made for: a referent id, a member id, or admin',
    }),
    ApiQuery({
      name: 'token',
      type: String,
      required: options.required,
      description: 'the signature of (introduction, actor) from the email; with `as`, it is the credential (no session needed)',
    }),
  );
