import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@app/auth';
import { ChangeChannelConsentUseCase, ChannelConsentView, ConsentSubjectKind, ListChannelConsentsUseCase } from '@app/consent';
import { DomainError } from '@app/kernel';
import { Roles } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { ConsentQueryDto, SetConsentDto } from './consent.dto';

/** Who opted out of which channel, and setting it by hand (for a customer who asked by phone, say). */
@ApiTags('consents')
@Controller('v1/consents')
@Roles('billing')
export class ConsentsController {
  constructor(
    private readonly listConsents: ListChannelConsentsUseCase,
    private readonly changeConsent: ChangeChannelConsentUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The consents on record for a customer (customerId) or an address (address); a channel not listed was never opted out of' })
  list(@Query() query: ConsentQueryDto): Promise<ChannelConsentView[]> {
    const { kind, subject } = subjectOf(query, '/query');
    return this.listConsents.execute(kind, subject);
  }

  @Put()
  @ApiOperation({ summary: "Opt a customer or an address out of a channel, or back in; audited with the caller's key" })
  async set(@Body() body: SetConsentDto, @CurrentPrincipal() principal: Principal): Promise<ChannelConsentView[]> {
    const { kind, subject } = subjectOf(body, '');
    await this.changeConsent.execute({
      channel: body.channel,
      address: kind === 'address' ? subject : undefined,
      customerIds: kind === 'customer' ? [subject] : [],
      optedOut: body.optedOut,
      keyword: 'api',
      source: 'api',
      actor: principal.keyId,
    });
    return this.listConsents.execute(kind, subject);
  }
}

/** Exactly one of customerId and address names whom the consent is about. */
function subjectOf(input: ConsentQueryDto, root: string): { kind: ConsentSubjectKind; subject: string } {
  if (input.customerId && input.address) {
    throw new DomainError('validation_failed', 'Give customerId or address, not both', [{ pointer: `${root}/address`, message: 'must not be given with customerId' }]);
  }
  if (input.customerId) return { kind: 'customer', subject: input.customerId };
  if (input.address) return { kind: 'address', subject: input.address };
  throw new DomainError('validation_failed', 'Give customerId or address', [{ pointer: `${root}/customerId`, message: 'customerId or address is required' }]);
}
