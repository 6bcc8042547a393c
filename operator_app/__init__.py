"""The ЕКЦ operator workstation."""

__version__ = "0.1.0"
