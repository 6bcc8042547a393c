"""The ЕКЦ operator workstation."""
