import { z } from 'zod';

export const MODES = ['therapy', 'practice'] as const;
export const Mode = z.enum(MODES);
export type Mode = z.infer<typeof Mode>;

export const PARTNER_SEATS = ['A', 'B'] as const;
export const PartnerSeat = z.enum(PARTNER_SEATS);
export type PartnerSeat = z.infer<typeof PartnerSeat>;

export const SEATS = ['therapist', 'A', 'B'] as const;
export const Seat = z.enum(SEATS);
export type Seat = z.infer<typeof Seat>;

export function isPartner(seat: Seat): seat is PartnerSeat {
  return seat === 'A' || seat === 'B';
}

export function otherPartner(seat: PartnerSeat): PartnerSeat {
  return seat === 'A' ? 'B' : 'A';
}

/** The seats a room of this mode has: practice rooms have no therapist. */
export function seatsOf(mode: Mode): readonly Seat[] {
  return mode === 'therapy' ? SEATS : PARTNER_SEATS;
}
