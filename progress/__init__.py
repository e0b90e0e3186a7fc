"""Progress of trainees: the store, the 18-month window, reports."""
