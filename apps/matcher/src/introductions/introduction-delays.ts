import type { TrameConfig } from '@trame/config';
import type { IntroductionDelays } from '@trame/domain';

/** The workflow's delays from configuration (defaults: the decider's 72 h, 7, 14 and 30 days). */
export const introductionDelaysOf = (
  config: Pick<
    TrameConfig,
    'INTRODUCTION_REMIND_REFERENT_MS' | 'INTRODUCTION_ESCALATE_MS' | 'INTRODUCTION_REMIND_PARTY_MS' | 'INTRODUCTION_EXPIRE_MS'
  >,
): IntroductionDelays => ({
  remindReferentMs: config.INTRODUCTION_REMIND_REFERENT_MS,
  escalateMs: config.INTRODUCTION_ESCALATE_MS,
  remindPartyMs: config.INTRODUCTION_REMIND_PARTY_MS,
  expireMs: config.INTRODUCTION_EXPIRE_MS,
});
