import { DomainError } from '@app/kernel';

/**
 * Libraries point into the input of the use case they serve (`/basedOn`,
 * `/sample`); only the edge knows which part of the request each input came
 * from. `.catch(pointingInto({ '/basedOn': '/query/from' }))` rewrites the
 * pointers of a domain error to name the request's own parts; pointers it does
 * not list (body fields, which a use case's input mirrors) are left as they are.
 */
export function pointingInto(request: Readonly<Record<string, string>>): (error: unknown) => never {
  return (error: unknown) => {
    if (!(error instanceof DomainError)) throw error;
    const errors = error.errors.map((field) => ({ ...field, pointer: request[field.pointer] ?? field.pointer }));
    throw new DomainError(error.code, error.message, errors, error.details);
  };
}
