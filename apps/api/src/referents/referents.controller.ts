import { randomUUID } from 'node:crypto';
import { Body, ConflictException, Controller, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { overlappingAppointments, type ReferentCommand, type ReferentPersonalData, type ResolvedTerritory } from '@trame/domain';
import { LinkSigner } from '@trame/mail';
import { KEY_STORE, type KeyStore, PersonalDataCipher } from '@trame/personal-data';
import { type ResolutionNote, TerritoryDirectory } from '@trame/territories';
import { AccountDirectory } from '../auth/account-directory';
import { AdminOnly } from '../auth/principal';
import { ExecuteReferentCommand } from '../commands/domain-command.handlers';
import { Idempotency, type IdempotencyContext } from '../http/idempotency';
import { ApiErrors } from '../http/openapi';
import { UuidParam as uuid } from '../http/uuid-param';
import { CLOCK, type Clock } from '../shared/clock';
import { createWithSealedContact } from '../shared/sealed-contact';
import { firstNameOf, referentView } from '../shared/views';
import { ReferentDto } from '../shared/views.dto';
import { AppointReferentDto, ReferentTerritoriesDto } from './referent.dto';

/** Admins appoint referents and change or retire them. */
@ApiTags('referents')
@AdminOnly()
@Controller('v1/referents')
export class ReferentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly places: TerritoryDirectory,
    private readonly cipher: PersonalDataCipher,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly signer: LinkSigner,
    private readonly directory: AccountDirectory,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Appoint a local referent (admin)' })
  @ApiCreatedResponse({ type: ReferentDto, description: 'the new referent, with how their places were read' })
  @ApiErrors({
    409: 'the address is already an active referent for an overlapping territory (each one named)',
    422: 'a rule (1–20 territories, 0–20 themes, a first name) or a place that cannot be found',
  })
  async appoint(@Body() dto: AppointReferentDto, @Idempotency() idem: IdempotencyContext) {
    const referentId = idem.id('referent') ?? randomUUID();
    const { values: territories, notes } = this.places.resolveTerritories(dto.territories, 'territories');
    await this.refuseOverlap(dto.email, territories);
    return createWithSealedContact(
      { cipher: this.cipher, keys: this.keys, signer: this.signer },
      { id: referentId, kind: 'referent' },
      dto,
      (pii) =>
        this.execute(
          {
            type: 'AppointReferent',
            data: { referentId, firstName: firstNameOf(dto.displayName), pii, territories, themes: dto.themes ?? [] },
            metadata: { now: this.clock() },
          },
          idem,
          notes,
        ),
    );
  }

  @Put(':id/territories')
  @ApiOperation({ summary: "Change a referent's territories and themes (admin)" })
  @ApiOkResponse({ type: ReferentDto })
  @ApiErrors({
    404: 'unknown referent',
    409: 'the referent has retired, or was changed concurrently, or another active appointment of the address overlaps',
    422: 'a rule (1–20 territories, 0–20 themes) or a place that cannot be found',
  })
  async territories(@Param('id', uuid) referentId: string, @Body() dto: ReferentTerritoriesDto, @Idempotency() idem: IdempotencyContext) {
    const { values: territories, notes } = this.places.resolveTerritories(dto.territories, 'territories');
    const current = await this.directory.referent(referentId);
    if (current.status === 'active') {
      // The address is sealed in the referent's own stream: its other appointments must not overlap the new places either.
      const contact = await this.cipher.open<ReferentPersonalData>(referentId, current.pii);
      if (contact) await this.refuseOverlap(contact.email, territories, referentId);
    }
    return this.execute(
      { type: 'ChangeReferentTerritories', data: { referentId, territories, themes: dto.themes }, metadata: { now: this.clock() } },
      idem,
      notes,
    );
  }

  @Post(':id/retire')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retire a referent (admin)' })
  @ApiOkResponse({ type: ReferentDto })
  @ApiErrors({ 404: 'unknown referent', 409: 'already retired, or changed concurrently' })
  retire(@Param('id', uuid) referentId: string, @Idempotency() idem: IdempotencyContext) {
    return this.execute({ type: 'RetireReferent', data: { referentId }, metadata: { now: this.clock() } }, idem);
  }

  /** 409 naming each territory that overlaps an active appointment of the same address (the domain's rule). */
  private async refuseOverlap(email: string, territories: readonly ResolvedTerritory[], except?: string): Promise<void> {
    const accounts = await this.directory.accountsOf(this.directory.lookupHash(email));
    const active = await Promise.all(
      accounts.referentIds.filter((id) => id !== except).map(async (id) => ({ referentId: id, state: await this.directory.referent(id) })),
    );
    const conflicts = overlappingAppointments(
      territories,
      active.flatMap(({ referentId, state }) => (state.status === 'active' ? [{ referentId, territories: state.territories }] : [])),
    );
    if (conflicts.length === 0) return;
    throw new ConflictException({
      message: conflicts.map((c) => `${c.field}: ${c.message}`),
      fields: conflicts.map((c) => ({ field: c.field, messages: [c.message] })),
    });
  }

  private async execute(command: ReferentCommand, idem: IdempotencyContext, notes: readonly ResolutionNote[] = []) {
    const { newState } = await this.commands.execute(new ExecuteReferentCommand(command, { eventId: idem.eventIds(command.type) }));
    return { ...referentView(newState, command.data.referentId), notes };
  }
}
