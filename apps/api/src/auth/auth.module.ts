import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MailModule } from '@trame/mail';
import { MessagingModule } from '@trame/messaging';
import { MemberConfirmations } from '../members/confirmation-recorder';
import { AccessPolicy } from './access-policy';
import { AccountDirectory } from './account-directory';
import { AuthController } from './auth.controller';
import { OpsToken } from './ops-token';
import { RateLimitModule } from './rate-limits';
import { SessionGuard } from './session.guard';
import { SessionRevocations } from './session-revocations';
import { SessionIssuer } from './session-issuer';
import { SessionTokens } from './session-tokens';
import { SignInService } from './sign-in.service';

/**
 * Sessions for the api: sign-in by emailed link or code, sign-out, the global guard (deny by default), the
 * resource-level access rules, and rate limits in Redis.
 */
@Global()
@Module({
  imports: [MailModule, MessagingModule, RateLimitModule],
  controllers: [AuthController],
  providers: [
    SessionTokens,
    SessionIssuer,
    SessionRevocations,
    OpsToken,
    AccountDirectory,
    AccessPolicy,
    SignInService,
    MemberConfirmations,
    { provide: APP_GUARD, useClass: SessionGuard },
  ],
  exports: [SessionTokens, SessionIssuer, OpsToken, AccountDirectory, AccessPolicy, SignInService, MemberConfirmations],
})
export class AuthModule {}
