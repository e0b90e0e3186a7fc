"""The window's scenes: title, roster and enrolment, settings, journey map, briefing, meeting room, debrief,
transcript and the manager's dashboard."""
