import { Controller, ForbiddenException, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { InvalidStateError, type MemberEvent, memberDecider, type MemberState, NotFoundError, streamId } from '@trame/domain';
import { EVENT_STORE, type EventStore } from '@trame/event-store';
import { LinkSigner } from '@trame/mail';
import { Public } from '../auth/principal';
import { ExecuteMemberCommand } from '../commands/domain-command.handlers';
import { UuidParam as uuid } from '../http/uuid-param';
import { CLOCK, type Clock } from '../shared/clock';
import { type Bilingual, oneLine } from '../shared/html-page';
import { MESSAGES, unsubscribePage } from './unsubscribe-page';

/**
 * One-click unsubscribe (RFC 8058) from the `List-Unsubscribe` link of every email. The
 * signed token authorises it, no session needed. GET only shows a confirmation page (mail
 * scanners follow links); POST records `MemberNotificationsChanged {notify: 'never'}`.
 */
@ApiTags('members')
@Public()
@Controller('v1/members')
export class UnsubscribeController {
  constructor(
    private readonly commands: CommandBus,
    private readonly signer: LinkSigner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':id/unsubscribe')
  @ApiOperation({ summary: 'Unsubscribe confirmation page (changes nothing)' })
  async page(
    @Param('id', uuid) memberId: string,
    @Query('token') token: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    pageHeaders(res);
    res.type('html');
    if (!this.signer.verifyUnsubscribe(memberId, token)) return this.htmlStatus(res, 403, MESSAGES.forbidden);
    const state = await this.memberState(memberId);
    if (state.status === 'none') return this.htmlStatus(res, 404, MESSAGES.notFound);
    if (state.status === 'erased' || state.notify === 'never') return unsubscribePage(MESSAGES.already);
    // Relative to /v1/members/:id/, so it also works behind a path prefix.
    return unsubscribePage(MESSAGES.confirm, { action: `unsubscribe?token=${encodeURIComponent(String(token))}` });
  }

  @Post(':id/unsubscribe')
  @HttpCode(200)
  @ApiOperation({ summary: 'One-click unsubscribe (RFC 8058): body List-Unsubscribe=One-Click, signed token in the URL' })
  async unsubscribe(
    @Param('id', uuid) memberId: string,
    @Query('token') token: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    // Mail clients POST with no Accept preference; a browser submitting the form wants a page.
    const html = req.accepts(['json', 'html']) === 'html';
    const page = (status: number, message: Bilingual) => {
      pageHeaders(res);
      res.status(status).type('html');
      return unsubscribePage(message);
    };
    const done = (changed: boolean) => {
      const message = changed ? MESSAGES.done : MESSAGES.already;
      return html ? page(200, message) : { memberId, notify: 'never', changed, message: oneLine(message) };
    };

    if (!this.signer.verifyUnsubscribe(memberId, token)) {
      if (html) return page(403, MESSAGES.forbidden);
      throw new ForbiddenException({ message: [oneLine(MESSAGES.forbidden)] });
    }
    try {
      const { newEvents } = await this.commands.execute(
        new ExecuteMemberCommand({
          type: 'ChangeNotifications',
          data: { memberId, notify: 'never' },
          metadata: { now: this.clock() },
        }),
      );
      // Already 'never': the decider appends nothing, and the answer is the same.
      return done(newEvents.length > 0);
    } catch (error) {
      if (error instanceof NotFoundError && html) return page(404, MESSAGES.notFound);
      // An erased member is mailed nothing any more: nothing to record, nothing to refuse.
      if (error instanceof InvalidStateError && (await this.memberState(memberId)).status === 'erased') return done(false);
      throw error;
    }
  }

  private htmlStatus(res: Response, status: number, message: Bilingual): string {
    res.status(status);
    return unsubscribePage(message);
  }

  private async memberState(memberId: string): Promise<MemberState> {
    const { events } = await this.store.readStream(streamId('member', memberId));
    return events.reduce((s, e) => memberDecider.evolve(s, { type: e.type, data: e.data } as MemberEvent), memberDecider.initialState());
  }
}

/** The token is in the URL: keep it out of caches, referrers and search engines. */
function pageHeaders(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Robots-Tag', 'noindex');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
}
