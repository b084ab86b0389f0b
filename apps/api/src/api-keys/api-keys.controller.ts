import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ApiKeySummary, IssueApiKeyUseCase, IssuedApiKey, KeyHolder, ListApiKeysUseCase, Principal, RevokeApiKeyUseCase } from '@app/auth';
import { DomainError } from '@app/kernel';
import { Roles } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { CreateApiKeyDto, IssuedApiKeyDto } from './create-api-key.dto';

@ApiTags('api keys')
@Controller('v1/api-keys')
@Roles('admin')
export class ApiKeysController {
  constructor(
    private readonly issueKey: IssueApiKeyUseCase,
    private readonly listKeys: ListApiKeysUseCase,
    private readonly revokeKey: RevokeApiKeyUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Issue an API key with roles to a named person or machine; the key is in this response only' })
  @ApiCreatedResponse({ type: IssuedApiKeyDto })
  @ApiUnprocessableEntityResponse({ description: 'Invalid name, roles or holder (problem+json with field pointers)' })
  create(@Body() body: CreateApiKeyDto, @CurrentPrincipal() principal: Principal): Promise<IssuedApiKey> {
    return this.issueKey.execute({ name: body.name, roles: body.roles, holder: holderOf(body) }, principal);
  }

  @Get()
  @ApiOperation({ summary: 'List API keys with the person or machine each belongs to (never the keys themselves)' })
  list(): Promise<ApiKeySummary[]> {
    return this.listKeys.execute();
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key; it stops working at once' })
  @ApiNoContentResponse()
  revoke(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    return this.revokeKey.execute(id, principal.keyId);
  }
}

/** Every key belongs to someone named: exactly one of `person` and `machine`. */
function holderOf(body: CreateApiKeyDto): KeyHolder {
  if (body.person && !body.machine) return { kind: 'person', email: body.person.email, name: body.person.name };
  if (body.machine && !body.person) return { kind: 'machine', name: body.machine.name };
  const message = 'name exactly one holder: the person ({ email, name }) or the machine ({ name }) the key belongs to';
  throw new DomainError('validation_failed', `A key must belong to someone: ${message}`, [{ pointer: body.person ? '/machine' : '/person', message }]);
}
