import { Body, Controller, ForbiddenException, Get, HttpCode, Inject, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { InvalidStateError, memberDecider, type MemberState, NotFoundError, streamId } from '@trame/domain';
import { aggregateStream, EVENT_STORE, type EventStore } from '@trame/event-store';
import { LinkSigner } from '@trame/mail';
import { Public, SignedLink, type SignedLinkSpec } from '../auth/principal';
import { ExecuteMemberCommand } from '../commands/domain-command.handlers';
import { AcceptsBody, FORM_TYPE, JSON_TYPE, MULTIPART_TYPE } from '../http/content-type.guard';
import { ApiErrors, ApiHtmlResponse, ApiJsonOrHtmlResponse } from '../http/openapi';
import { UuidParam as uuid } from '../http/uuid-param';
import { CLOCK, type Clock } from '../shared/clock';
import { type Bilingual, oneLine } from '../shared/html-page';
import { UnsubscribedDto } from '../shared/views.dto';
import { OneClickUnsubscribeDto } from './one-click.dto';
import { MESSAGES, unsubscribePage } from './unsubscribe-page';

const UNSUBSCRIBE_LINK: SignedLinkSpec = { link: 'the `List-Unsubscribe` link of every email', in: 'query', params: ['token'] };
const ApiUnsubscribeToken = () =>
  ApiQuery({ name: 'token', type: String, required: true, description: 'the signed token of the member’s unsubscribe link' });

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
  @SignedLink(UNSUBSCRIBE_LINK)
  @ApiUnsubscribeToken()
  @ApiOperation({ summary: 'Unsubscribe confirmation page (changes nothing)' })
  @ApiHtmlResponse(200, 'a page with the button that unsubscribes (or saying it is already done)')
  @ApiHtmlResponse(403, 'the link is not valid')
  @ApiHtmlResponse(404, 'unknown member')
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
  @SignedLink(UNSUBSCRIBE_LINK)
  @ApiUnsubscribeToken()
  @ApiOperation({ summary: 'One-click unsubscribe (RFC 8058): body List-Unsubscribe=One-Click, signed token in the URL' })
  // RFC 8058: mail clients send `List-Unsubscribe=One-Click` as a form, urlencoded or multipart.
  @AcceptsBody(FORM_TYPE, MULTIPART_TYPE, JSON_TYPE)
  // Multipart is read here only, with the same bound as the other parsers.
  @UseInterceptors(NoFilesInterceptor({ limits: { fields: 10, fieldSize: 100 * 1024 } }))
  @ApiConsumes(FORM_TYPE)
  @ApiBody({ description: 'what mail clients send (RFC 8058), and nothing else', type: OneClickUnsubscribeDto })
  @ApiJsonOrHtmlResponse(200, UnsubscribedDto, 'unsubscribed (`notify: never`), or already so')
  @ApiErrors({ 403: 'the link is not valid', 404: 'unknown member' }, { html: true })
  @ApiErrors({ 409: 'changed concurrently (retry)' })
  async unsubscribe(
    @Param('id', uuid) memberId: string,
    @Query('token') token: unknown,
    // Validated only: a body other than the one-click pair is a 400.
    @Body() _oneClick: OneClickUnsubscribeDto,
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
    return (await aggregateStream(this.store, streamId('member', memberId), memberDecider)).state;
  }
}

/** The token is in the URL: keep it out of caches, referrers and search engines. */
function pageHeaders(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Robots-Tag', 'noindex');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
}
