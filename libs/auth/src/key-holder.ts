/** Whom a new key belongs to: a person named by email, or a machine named by name. */
export type KeyHolder =
  | { readonly kind: 'person'; readonly email: string; readonly name: string }
  | { readonly kind: 'machine'; readonly name: string };
