import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

/**
 * The one body RFC 8058 defines for a one-click unsubscribe: `List-Unsubscribe=One-Click`,
 * sent as a form (urlencoded or multipart) by mail clients and by our confirmation page.
 */
export class OneClickUnsubscribeDto {
  @ApiProperty({ name: 'List-Unsubscribe', enum: ['One-Click'], example: 'One-Click' })
  @IsIn(['One-Click'])
  'List-Unsubscribe': 'One-Click';
}
