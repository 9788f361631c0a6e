"""Events, their communities and household RSVPs: capacity, waitlist, promotion, cancellation."""
