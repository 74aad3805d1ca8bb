"""`conduit new-context`'s machinery: names checked, templates rendered, files written."""
