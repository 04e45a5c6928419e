import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { NotFoundError } from '@trame/domain';
import { coverageLevel } from '@trame/matching';
import { AccountDirectory } from './account-directory';
import type { Principal } from './principal';
import { MESSAGES } from './session.guard';

export const DENIED = {
  ownProfile: 'réservé au membre concerné / only this member may do this',
  ownProfileOrAdmin: 'réservé au membre concerné et aux admins / only this member or an admin may do this',
  proposeAsSelf: 'holderId: vous ne pouvez proposer un projet qu’en votre propre nom / you can only propose a project as yourself',
  projectHolder: 'réservé au porteur du projet et aux admins / only the project holder or an admin may do this',
  projectPartners:
    'réservé au porteur du projet, aux référent·es de son territoire et aux admins / ' +
    'only the project holder, a referent of its territory or an admin may see this',
} as const;

const forbidden = (message: string) => new ForbiddenException({ message: [message] });

/**
 * The resource-level rules behind `@SignedIn()` routes, in one place: a member acts on their
 * own profile, a holder on their own projects, a referent sees what happens in their
 * territories, an admin may do what the rule names. Ownership is read from the streams
 * (strongly consistent), never from read models that may lag. Checks run before any
 * command, so a denied call appends nothing.
 */
@Injectable()
export class AccessPolicy {
  constructor(private readonly directory: AccountDirectory) {}

  /** The caller's principal; 401 without a session. */
  signedIn(principal: Principal | undefined): Principal {
    if (!principal) throw new UnauthorizedException(MESSAGES.signInRequired);
    return principal;
  }

  /** A member's own profile; `orAdmin` lets an admin through too (erasure, reading recommendations). */
  ownMember(principal: Principal | undefined, memberId: string, options: { orAdmin?: boolean } = {}): void {
    const p = this.signedIn(principal);
    if (p.memberIds.includes(memberId)) return;
    if (options.orAdmin && p.admin) return;
    throw forbidden(options.orAdmin ? DENIED.ownProfileOrAdmin : DENIED.ownProfile);
  }

  /** A project is proposed by one of the caller's own member accounts. */
  proposeAs(principal: Principal | undefined, holderId: string): void {
    if (!this.signedIn(principal).memberIds.includes(holderId)) throw forbidden(DENIED.proposeAsSelf);
  }

  /** Lifecycle of a project: its holder, or an admin. 404 for an unknown project, whoever asks. */
  async projectHolder(principal: Principal | undefined, projectId: string): Promise<void> {
    const p = this.signedIn(principal);
    const project = await this.directory.project(projectId);
    if (project.status === 'none') throw new NotFoundError('project', projectId);
    if (p.admin || p.memberIds.includes(project.holderId)) return;
    throw forbidden(DENIED.projectHolder);
  }

  /**
   * A project's partners (pseudonymous, but a list of people nearby): its holder, an active
   * referent one of whose territories covers the project's place, or an admin.
   */
  async projectPartners(principal: Principal | undefined, projectId: string): Promise<void> {
    const p = this.signedIn(principal);
    const project = await this.directory.project(projectId);
    if (project.status === 'none') throw new NotFoundError('project', projectId);
    if (p.admin || p.memberIds.includes(project.holderId)) return;
    for (const referentId of p.referentIds) {
      const referent = await this.directory.referent(referentId);
      if (referent.status !== 'active') continue;
      const view = {
        id: referentId,
        firstName: referent.firstName,
        territories: referent.territories,
        themes: [],
        appointedAt: referent.appointedAt,
      };
      if (coverageLevel(view, project.details.location)) return;
    }
    throw forbidden(DENIED.projectPartners);
  }
}
