/* The api's shapes the introduction pages read (generated from its OpenAPI document; types only). */
import type { components } from '$lib/server/api/openapi';

export type IntroductionDetails = components['schemas']['IntroductionDetailsDto'];
export type InboxItem = components['schemas']['InboxDto']['items'][number];
export type MyIntroduction = components['schemas']['MemberIntroductionsDto']['items'][number];
