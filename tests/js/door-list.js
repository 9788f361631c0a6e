// A door list as GET /api/v1/events/<slug>/door-list serves it, for tests: households by ticket token.
import { sha256Hex } from "../../static/js/door/matching.js";

export const PREFIX = "https://showcase.example/t/";
export const TOKENS = { kim: "k".repeat(43), park: "p".repeat(43), gone: "g".repeat(43), wait: "w".repeat(43) };

export async function doorList({ admitted = {}, remaining } = {}) {
  const households = [
    { key: await sha256Hex(TOKENS.kim), id: 1, status: "confirmed", code: "K1", name: "김두문", phone4: "5678",
      adults: 2, children: 2, infants: 0, party_size: 4, needs: ["Stroller"], photo_consent: true },
    { key: await sha256Hex(TOKENS.park), id: 2, status: "confirmed", code: "P2", name: "박나눔", phone4: "1234",
      adults: 1, children: 1, infants: 0, party_size: 2, needs: [], photo_consent: false },
    { key: await sha256Hex(TOKENS.gone), id: 3, status: "cancelled" },
    { key: await sha256Hex(TOKENS.wait), id: 4, status: "waitlisted" },
  ];
  return { event: "door", ticket_prefix: PREFIX, keep_until: "2030-01-01T00:00:00+00:00", capacity: 10,
           seats_left: 4, households, admitted, remaining: remaining || { 1: 4, 2: 2 }, conflicts: [] };
}
