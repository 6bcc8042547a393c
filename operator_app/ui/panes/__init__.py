"""The main window's dockable panes; each subscribes to the typed changes it cares about."""
