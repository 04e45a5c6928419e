export * from './principal';
export * from './session-tokens';
export * from './access-policy';
export * from './account-directory';
export * from './ops-token';
export { IntroductionRequestLimit, SignInLinkLimit, TOO_MANY_REQUESTS, type RateLimitName } from './rate-limits';
export { SignInService } from './sign-in.service';
export { CLIENT_IP_HEADER, WEB_KEY_HEADER, webClientKey } from './client-ip';
export { AuthModule } from './auth.module';
