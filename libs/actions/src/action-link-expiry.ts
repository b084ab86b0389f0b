const DAY_MS = 86_400_000;

export interface ActionLinkLifetime {
  /** Days a link stays valid after the invoice's due date. */
  readonly daysAfterDue: number;
  /** Days a link stays valid after it is issued, for documents without a due date. */
  readonly daysWithoutDue: number;
}

/**
 * When a document's links stop working: some days after its due date (a
 * customer paying late should still be able to), or after issue when there is
 * none. A due date is a calendar day; the link lasts to the end of that day in
 * the latest time zone (UTC−12) so no customer loses a day.
 */
export function actionLinkExpiry(lifetime: ActionLinkLifetime, issuedAt: Date, dueDate?: string | null): Date {
  const due = dueDate && /^\d{4}-\d{2}-\d{2}$/.test(dueDate) ? Date.parse(`${dueDate}T23:59:59.999-12:00`) : NaN;
  if (Number.isFinite(due)) return new Date(Math.max(due + lifetime.daysAfterDue * DAY_MS, issuedAt.getTime() + DAY_MS));
  return new Date(issuedAt.getTime() + lifetime.daysWithoutDue * DAY_MS);
}
