/**
 * Segment capacities of one SMS (3GPP TS 23.040): 140 octets of user data.
 * A concatenated message spends 6 of them on the User Data Header that lets the
 * handset reassemble the parts, which is why the per-segment figures are lower.
 */

/** 140 octets hold 160 seven-bit septets. */
export const GSM7_SINGLE_SEGMENT_SEPTETS = 160;
/** 140 − 6 header octets, plus one fill bit to realign on a septet: 153 septets. */
export const GSM7_CONCATENATED_SEGMENT_SEPTETS = 153;
/** 140 octets hold 70 sixteen-bit code units. */
export const UCS2_SINGLE_SEGMENT_UNITS = 70;
/** 134 octets after the header: 67 code units. */
export const UCS2_CONCATENATED_SEGMENT_UNITS = 67;

/**
 * Twilio refuses a `Body` longer than 1,600 characters (error 21617) whatever
 * the segment count. Counted in UTF-16 code units, which is never less than the
 * count of characters, so a body accepted here is accepted by the provider.
 */
export const SMS_BODY_MAX_CHARACTERS = 1600;
