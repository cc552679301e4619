"""HTML views: thin, one module per part of the module (overview, board, elements, sessions,
outputs and follow-up). The workshop board answers HTMX requests with the board fragment and
plain form posts with a redirect, so everything also works without JavaScript. A refused write
(validation or a stale version) re-renders the user's own input with the message
(``core.forms.submit``)."""
