import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ApiKeysService, ApiKeySummary, IssuedApiKey, Principal } from '@app/auth';
import { Roles } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { CreateApiKeyDto, IssuedApiKeyDto } from './create-api-key.dto';

@ApiTags('api keys')
@Controller('v1/api-keys')
@Roles('admin')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Issue an API key with roles; the key is in this response only' })
  @ApiCreatedResponse({ type: IssuedApiKeyDto })
  @ApiUnprocessableEntityResponse({ description: 'Invalid name or roles (problem+json with field pointers)' })
  create(@Body() body: CreateApiKeyDto, @CurrentPrincipal() principal: Principal): Promise<IssuedApiKey> {
    return this.keys.issue(body.name, body.roles, principal.keyId);
  }

  @Get()
  @ApiOperation({ summary: 'List API keys (never the keys themselves)' })
  list(): Promise<ApiKeySummary[]> {
    return this.keys.list();
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key; it stops working at once' })
  @ApiNoContentResponse()
  revoke(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    return this.keys.revoke(id, principal.keyId);
  }
}
