import { Body, Controller, Get, Param, ParseUUIDPipe, Patch } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ListUsersUseCase, Principal, UpdateUserUseCase, UserSummary } from '@app/auth';
import { Roles } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { UpdateUserDto, UserDto, UserListDto } from './user.dto';

@ApiTags('users')
@Controller('v1/users')
@Roles('admin')
export class UsersController {
  constructor(
    private readonly listUsers: ListUsersUseCase,
    private readonly updateUser: UpdateUserUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The studio’s users, oldest first' })
  @ApiOkResponse({ type: UserListDto })
  async list(): Promise<{ items: UserSummary[] }> {
    return { items: await this.listUsers.execute() };
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a user’s roles, or disable them (their sessions end at once) or enable them again' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ description: 'No such user (problem+json)' })
  @ApiUnprocessableEntityResponse({ description: 'Invalid roles, or an admin disabling themselves or dropping their own admin role (problem+json)' })
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateUserDto, @CurrentPrincipal() principal: Principal): Promise<UserSummary> {
    return this.updateUser.execute(id, body, principal);
  }
}
