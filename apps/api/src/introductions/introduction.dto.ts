import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** Who may ask through the api; matcher suggestions come from the matcher itself. */
export const API_REQUESTERS = ['holder', 'member'] as const;

/** Longest requester message: it is sealed, so no rule downstream can bound it. */
export const INTRODUCTION_MESSAGE_MAX = 2000;

export class RequestIntroductionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  projectId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  memberId: string;

  @ApiProperty({ enum: API_REQUESTERS, description: 'holder: the project’s holder asks; member: the member asks' })
  @IsIn(API_REQUESTERS)
  requestedBy: (typeof API_REQUESTERS)[number];

  @ApiPropertyOptional({
    maxLength: INTRODUCTION_MESSAGE_MAX,
    description: 'A word for the other side, sealed with the requester’s key; sent only in the “you are introduced” email',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(INTRODUCTION_MESSAGE_MAX)
  message?: string;
}

/** Body of approve and decline; the note's length is a rule of the decider (422). */
export class IntroductionNoteDto {
  @ApiPropertyOptional({ description: 'The referent’s note, shown in the history (no contact details)' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  note?: string;
}

/** `?as=&token=` of an emailed link: the link acts as `as` without a session. */
export class IntroductionLinkDto {
  @ApiPropertyOptional({ description: 'the actor the link was made for: a referent id, a member id, or admin' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  as?: string;

  @ApiPropertyOptional({ description: 'signature of (introduction, actor)' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  token?: string;
}
