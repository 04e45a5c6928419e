import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** `:id` path parameters are UUIDs; a bad one is a 400 naming the field, like body errors. */
export const UuidParam = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException({ message: ['id: doit être un UUID / must be a UUID'] }),
});
