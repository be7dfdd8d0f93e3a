"""The supervisor's desk: dashboard, year view, exceptions, card stock and day close."""
