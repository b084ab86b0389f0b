import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional } from 'class-validator';
import { DELIVERY_CHANNELS } from '@app/dispatch';

export class DispatchDocumentDto {
  @ApiPropertyOptional({ enum: DELIVERY_CHANNELS, isArray: true, description: "Channels to use, in order; default: the document's own" })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @ArrayUnique()
  @IsIn(DELIVERY_CHANNELS, { each: true, message: 'each channel must be one of email, sms, whatsapp (a PDF travels attached to an email)' })
  channels?: string[];
}
