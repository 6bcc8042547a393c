"""The embedded demo: the routing API and the traffic simulator as child processes."""
