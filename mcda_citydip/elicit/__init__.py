"""Interactive expert elicitation: a pure session state (``session``) and its console."""
