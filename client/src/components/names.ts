import type { Seat } from '../../../shared/index.ts';

export function seatName(seat: Seat | 'system' | null | undefined, me?: Seat): string {
  if (!seat || seat === 'system') return 'The room';
  if (seat === me) return 'You';
  return seat === 'therapist' ? 'Therapist' : `Partner ${seat}`;
}
