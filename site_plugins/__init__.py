"""MkDocs plugins for this site. Build-time only: nothing in here ships to the browser."""
