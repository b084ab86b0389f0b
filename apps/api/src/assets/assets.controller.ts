import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { AssetDetailView, AssetView, GetAssetContentUseCase, GetAssetUseCase, ListAssetsUseCase, UploadAssetUseCase } from '@app/assets';
import type { Principal } from '@app/auth';
import { DomainError } from '@app/kernel';
import { Roles } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { UploadAssetDto } from './upload-asset.dto';

/**
 * Brand assets (logos, fonts): uploaded once, inlined into emails and PDFs as
 * data URIs by `{{asset "name"}}`. Uploads are immutable; a template version
 * captures the latest upload of each asset it uses when it is saved.
 */
@ApiTags('assets')
@Controller('v1/assets')
// Marketers upload the images their offers show; an offer pins the upload by hash when it is submitted.
@Roles('author', 'marketer', 'reviewer')
export class AssetsController {
  constructor(
    private readonly upload: UploadAssetUseCase,
    private readonly listAssets: ListAssetsUseCase,
    private readonly getAsset: GetAssetUseCase,
    private readonly getContent: GetAssetContentUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Upload an asset as the next version of its name (reviewers only for assets a locked block inlines)' })
  @ApiCreatedResponse({ description: 'Stored as a new version' })
  @ApiOkResponse({ description: 'The latest version of the name already has exactly these bytes: nothing new stored' })
  @ApiUnprocessableEntityResponse({ description: 'Wrong type, too large, bytes not of the declared type, or an SVG that is not inert (pointers)' })
  async create(@Body() body: UploadAssetDto, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) response: Response): Promise<AssetView> {
    const { asset, created } = await this.upload.execute(body, principal);
    response.status(created ? 201 : 200);
    response.setHeader('Location', `/v1/assets/${asset.name}`);
    return asset;
  }

  @Get()
  @ApiOperation({ summary: 'Every asset name with its latest upload' })
  list(): Promise<AssetView[]> {
    return this.listAssets.execute();
  }

  @Get(':name')
  @ApiOperation({ summary: 'One asset: its latest upload and every version (metadata)' })
  get(@Param('name') name: string): Promise<AssetDetailView> {
    return this.getAsset.execute(name);
  }

  @Get(':name/content')
  @ApiOperation({ summary: 'The bytes of the latest upload, or of `?version=n`' })
  @ApiQuery({ name: 'version', required: false })
  @ApiProduces('image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml', 'font/woff2', 'font/woff', 'font/ttf', 'font/otf')
  async content(@Param('name') name: string, @Query('version') version: string | undefined, @Res() response: Response): Promise<void> {
    const number = version === undefined ? undefined : Number(version);
    if (number !== undefined && !(Number.isInteger(number) && number > 0)) {
      throw new DomainError('validation_failed', 'version is an upload number', [{ pointer: '/query/version', message: 'must be a positive integer' }]);
    }
    const asset = await this.getContent.execute(name, number);
    response.setHeader('ETag', `"${asset.view.sha256}"`);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    // An SVG opened in a browser tab is a document: it may run nothing and fetch nothing, whatever got past upload.
    response.setHeader('Content-Security-Policy', "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; sandbox");
    response.setHeader('Cache-Control', 'private, max-age=0, must-revalidate');
    response.type(asset.contentType).send(asset.bytes);
  }
}
