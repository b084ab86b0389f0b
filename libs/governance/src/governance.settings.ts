/** How governance behaves on this platform. */
export interface GovernanceSettings {
  /** Approving a version also publishes it, unless the approval says otherwise. */
  readonly publishOnApprove: boolean;
}

export const GOVERNANCE_SETTINGS = Symbol('GOVERNANCE_SETTINGS');

export const DEFAULT_GOVERNANCE_SETTINGS: GovernanceSettings = { publishOnApprove: false };
