import { ParseIntPipe } from '@nestjs/common';
import { DomainError } from '@app/kernel';

/** A version number in a path: anything but a positive integer names no version. */
export const versionNumberPipe = () =>
  new ParseIntPipe({ exceptionFactory: () => new DomainError('not_found', 'A version number is a positive integer') });
