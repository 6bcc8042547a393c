"""Qt: windows, panes, item models, dialogs. Talks to services only."""
