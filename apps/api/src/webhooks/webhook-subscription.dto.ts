import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { EVENT_TYPES, EventType } from '@app/events';

export class CreateWebhookSubscriptionDto {
  @ApiProperty({ example: 'https://billing.example.com/hooks/ccm', description: 'https, on a public address' })
  @IsString()
  @Length(1, 2000)
  url: string;

  @ApiProperty({ enum: EVENT_TYPES, isArray: true, example: ['document.rendered', 'delivery.failed'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(EVENT_TYPES, { each: true })
  eventTypes: EventType[];

  @ApiPropertyOptional({ example: 'Billing production' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  description?: string;
}

export class UpdateWebhookSubscriptionDto {
  @ApiPropertyOptional({ example: 'https://billing.example.com/hooks/ccm' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  url?: string;

  @ApiPropertyOptional({ enum: EVENT_TYPES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(EVENT_TYPES, { each: true })
  eventTypes?: EventType[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 500)
  description?: string;

  @ApiPropertyOptional({ description: 'true re-enables a disabled subscription and clears why it was disabled' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class WebhookSubscriptionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: EVENT_TYPES, isArray: true }) eventTypes: EventType[];
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ nullable: true, type: String, example: '10 events in a row failed every try' }) disabledReason: string | null;
  @ApiProperty({ nullable: true, type: Date }) disabledAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class WebhookSubscriptionWithSecretDto extends WebhookSubscriptionDto {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'The signing secret. Shown once: keep it in the billing system.' })
  secret: string;
}
