"""The feed server: subscription calendars over HTTP."""
