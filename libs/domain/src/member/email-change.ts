import { assertRules, InvalidStateError, RuleViolationError } from '../shared/errors';
import { checkUuid, violation } from '../shared/rules';
import type { ConfirmEmailChange, RequestEmailChange } from './member.commands';
import type { EmailChanged, EmailChangeRequested } from './member.events';

/*
 * "Change my email": a request records the new address (sealed, pending), a link sent to
 * that address confirms it. Only the latest request can be confirmed, once; an address that
 * already has an account is refused (the api tells the requester nothing about it).
 */

/** What a member's state keeps of their address changes (never the addresses: those are sealed in `pii`). */
export type EmailChangeState = Readonly<{
  /** The request awaiting its link, if any: a newer request replaces it. */
  pendingRequestId?: string;
  pendingSince?: string;
  /** The pending address, sealed (`{ email }`): read by the api at confirmation and by the notifier. */
  pendingPii?: string;
  /** The last confirmed request: following its link again changes nothing. */
  lastRequestId?: string;
  /** When the address last changed; absent while it is the one given at registration. */
  changedAt?: string;
}>;

type Member = Readonly<{ memberId: string; emailChange?: EmailChangeState }>;

export const ADDRESS_IN_USE = violation('email', 'cette adresse a déjà un compte Trame', 'this address already has a Trame account');
/** Refused before any request (the caller compares, the addresses being sealed). */
export const SAME_ADDRESS = violation('email', 'c’est déjà votre adresse', 'this is already your address');

const checkInput = (data: Readonly<{ requestId: string; pii: string }>) => [
  checkUuid('requestId', data.requestId),
  (typeof data.pii !== 'string' || data.pii === '') &&
    violation('pii', 'données personnelles scellées attendues', 'sealed personal data expected'),
];

export const requestEmailChange = (member: Member, command: RequestEmailChange): EmailChangeRequested[] => {
  const { requestId, pii, addressInUse } = command.data;
  assertRules(checkInput(command.data));
  // An address that has an account already is recorded too, as a request that can never be
  // confirmed (nothing is sent to it): the earlier link dies alike, so following it tells
  // nothing about whether the other address has an account.
  return [
    {
      type: 'EmailChangeRequested',
      data: {
        memberId: member.memberId,
        requestId,
        pii,
        requestedAt: command.metadata.now.toISOString(),
        ...(addressInUse ? { unconfirmable: true as const } : {}),
      },
    },
  ];
};

export const confirmEmailChange = (member: Member, command: ConfirmEmailChange): EmailChanged[] => {
  const { requestId, pii, addressInUse } = command.data;
  assertRules(checkInput(command.data));
  const change = member.emailChange;
  // The same link followed twice (a double click, a retry): already done.
  if (change?.lastRequestId === requestId) return [];
  if (change?.pendingRequestId !== requestId) {
    throw new InvalidStateError(
      'Cette demande de changement d’adresse a été remplacée ou n’existe pas / This address change was replaced or does not exist',
    );
  }
  // Checked again here: the address may have been registered since the request.
  if (addressInUse) throw new RuleViolationError([ADDRESS_IN_USE]);
  return [{ type: 'EmailChanged', data: { memberId: member.memberId, requestId, pii, changedAt: command.metadata.now.toISOString() } }];
};

export const afterEmailChangeRequested = (previous: EmailChangeState | undefined, e: EmailChangeRequested): EmailChangeState =>
  e.data.unconfirmable
    ? { ...previous, pendingRequestId: undefined, pendingSince: undefined, pendingPii: undefined }
    : { ...previous, pendingRequestId: e.data.requestId, pendingSince: e.data.requestedAt, pendingPii: e.data.pii };

export const afterEmailChanged = (e: EmailChanged): EmailChangeState => ({ lastRequestId: e.data.requestId, changedAt: e.data.changedAt });
