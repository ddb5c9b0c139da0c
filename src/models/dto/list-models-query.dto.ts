import { PageQueryDto } from '../../common/dto/page-query.dto.js';

/** `GET /api/public/models`: page-numbered. */
export class ListModelsQueryDto extends PageQueryDto {}
