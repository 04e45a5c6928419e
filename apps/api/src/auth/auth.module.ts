import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MailModule } from '@trame/mail';
import { SessionGuard } from './session.guard';
import { SessionTokens } from './session-tokens';

/** Sessions for the api: the global guard and the token service. */
@Global()
@Module({
  imports: [MailModule],
  providers: [SessionTokens, { provide: APP_GUARD, useClass: SessionGuard }],
  exports: [SessionTokens],
})
export class AuthModule {}
