import { ArrayMaxSize, ArrayMinSize, IsArray, IsString } from 'class-validator';

export class DeleteTracesDto {
  /** The traces to delete with their observations and scores (1 to 1000 ids). */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  traceIds: string[];
}

export class DeleteTracesResponseDto {
  message: string;
}
