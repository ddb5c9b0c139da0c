import { IsOptional, IsString } from 'class-validator';

export class GetTraceQueryDto {
  /** Sent by @langfuse/client; the detail always has every field. */
  @IsOptional()
  @IsString()
  fields?: string;
}
